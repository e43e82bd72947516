/**
 * A stand-in mail server for tests and the outbox benchmark: `smtp-server` on 127.0.0.1 without
 * STARTTLS, keeping every accepted message (raw, with its envelope), able to refuse chosen
 * recipients with an SMTP code, to answer slowly, and to tell a caller the moment it accepts.
 */
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer, type SMTPServerSession } from 'smtp-server';

export interface ReceivedMail {
  /** The Message-ID header as sent, e.g. <notification-12@example.gov.gr>. */
  messageId: string;
  rcptTo: string[];
  raw: Buffer;
  /** performance.now() when the server said 250. */
  at: number;
}

export interface TestSmtpOptions {
  /** Added before each message is accepted: a slow-ish server. */
  delayMs?: number;
  /** Called right after a message is accepted (the 250 is on its way). */
  onAccepted?: (mail: ReceivedMail, count: number) => void;
}

export class TestSmtp {
  readonly received: ReceivedMail[] = [];
  /** recipient address → SMTP code to refuse it with at RCPT TO (e.g. 550, 451). */
  readonly refuse = new Map<string, number>();
  /** Connections opened so far (a pooled sender keeps a few open for many messages). */
  connections = 0;
  private server!: SMTPServer;
  private port = 0;

  private constructor(readonly opts: TestSmtpOptions) {}

  static async start(opts: TestSmtpOptions = {}): Promise<TestSmtp> {
    const smtp = new TestSmtp(opts);
    smtp.server = new SMTPServer({
      disabledCommands: ['STARTTLS'],
      authOptional: true,
      logger: false,
      // Clients of a killed worker vanish; do not wait for them on close.
      closeTimeout: 200,
      size: 10 * 1024 * 1024,
      onConnect: (_session, callback) => {
        smtp.connections++;
        callback();
      },
      onRcptTo: (address, _session, callback) => {
        const code = smtp.refuse.get(address.address.toLowerCase());
        if (!code) return callback();
        callback(Object.assign(new Error(code >= 500 ? 'Mailbox unavailable' : 'Try again later'), { responseCode: code }));
      },
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => setTimeout(() => smtp.accept(Buffer.concat(chunks), session, callback), opts.delayMs ?? 0));
      },
    });
    smtp.server.on('error', () => undefined);
    await new Promise<void>((resolve) => smtp.server.listen(0, '127.0.0.1', resolve));
    const address = smtp.server.server.address();
    smtp.port = typeof address === 'object' && address ? address.port : 0;
    return smtp;
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  /** Messages accepted per Message-ID: more than one means the same outbox row arrived twice. */
  countByMessageId(): Map<string, number> {
    const counts = new Map<string, number>();
    for (const m of this.received) counts.set(m.messageId, (counts.get(m.messageId) ?? 0) + 1);
    return counts;
  }

  parse(mail: ReceivedMail): Promise<ParsedMail> {
    return simpleParser(mail.raw);
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private accept(raw: Buffer, session: SMTPServerSession, callback: () => void): void {
    const headerEnd = raw.indexOf('\r\n\r\n');
    const messageId = /^message-id:\s*(<[^>]+>)/im.exec(raw.subarray(0, headerEnd < 0 ? raw.length : headerEnd).toString('latin1'))?.[1] ?? '';
    const mail = { messageId, rcptTo: session.envelope.rcptTo.map((r) => r.address), raw, at: performance.now() };
    this.received.push(mail);
    callback();
    this.opts.onAccepted?.(mail, this.received.length);
  }
}
