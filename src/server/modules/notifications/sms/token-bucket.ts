/**
 * Paces submissions to the rate the carrier's contract allows; going faster earns ESME_RTHROTTLED
 * or a dropped bind.
 */
export class TokenBucket {
  private tokens: number;
  private last = Date.now();

  /** `burst` 1 spaces every submission evenly, 1/rate apart. */
  constructor(
    private readonly ratePerSecond: number,
    private readonly burst = 1,
  ) {
    this.tokens = burst;
  }

  /**
   * Resolves when the caller may submit. Each caller reserves its token at once (the balance may go
   * negative), so concurrent callers are served in order without a queue.
   */
  take(): Promise<void> {
    const now = Date.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) * this.ratePerSecond) / 1000);
    this.last = now;
    this.tokens -= 1;
    if (this.tokens >= 0) return Promise.resolve();
    const waitMs = (-this.tokens * 1000) / this.ratePerSecond;
    return new Promise((resolve) => setTimeout(resolve, waitMs));
  }
}
