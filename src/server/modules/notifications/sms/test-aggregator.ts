/**
 * A stand-in HTTP SMS aggregator for tests: node:http on 127.0.0.1 that takes JSON
 * `{to, text, from}` and honours the Idempotency-Key header the way aggregators with idempotent
 * submission do: the first request with a key is delivered (kept in `delivered`) and answered with
 * a new id; a repeat with the same key is answered with the same id and delivered nothing.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface DeliveredSms {
  key: string | null;
  id: string;
  to: string;
  text: string;
}

export interface TestAggregatorOptions {
  /** Added before each answer: the message is delivered at once, the answer comes later. */
  delayMs?: number;
  /** Called when a message is delivered (before its answer is sent). */
  onDelivered?: (sms: DeliveredSms, count: number) => void;
}

export class TestAggregator {
  readonly delivered: DeliveredSms[] = [];
  /** Requests that repeated a key already delivered. */
  repeats = 0;
  private readonly byKey = new Map<string, string>();

  private constructor(private readonly server: Server, readonly url: string) {}

  static async start(opts: TestAggregatorOptions = {}): Promise<TestAggregator> {
    let self: TestAggregator | undefined;
    const server = createServer((req, res) => {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (c: string) => (body += c));
      req.on('end', () => {
        const key = (req.headers['idempotency-key'] as string | undefined) ?? null;
        const known = key ? self!.byKey.get(key) : undefined;
        let id = known;
        if (known) self!.repeats++;
        else {
          const { to, text } = JSON.parse(body) as { to: string; text: string };
          id = `AGG-${self!.delivered.length + 1}`;
          if (key) self!.byKey.set(key, id);
          const sms = { key, id, to, text };
          self!.delivered.push(sms);
          opts.onDelivered?.(sms, self!.delivered.length);
        }
        setTimeout(() => {
          if (!res.destroyed) res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id }));
        }, opts.delayMs ?? 0);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    self = new TestAggregator(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}/sms`);
    return self;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }
}
