/**
 * The one failure type of the notification senders (SMS and e-mail). The outbox worker looks
 * only at `retryable`: true means "try again later" (carrier down, throttled, timed out), false
 * means the message can never go as it is (invalid number, rejected content), so it stops trying.
 */
export class SendError extends Error {
  override readonly name = 'SendError';
  constructor(
    message: string,
    readonly retryable: boolean,
    /** The provider's own code (e.g. ESME_RINVDSTADR, http_400), for the operator. */
    readonly code?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Whether an error is a SendError the caller may retry; anything unexpected counts as retryable. */
export function isRetryable(err: unknown): boolean {
  return err instanceof SendError ? err.retryable : true;
}
