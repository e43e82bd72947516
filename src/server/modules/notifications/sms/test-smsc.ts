/**
 * A stand-in SMSC for tests: the `smpp` package's own server on 127.0.0.1, accepting binds,
 * answering submit_sm with ids M1, M2…, able to refuse chosen destinations, to send delivery
 * receipts, and to go down and come back on the same port.
 */
import smpp, { type DecodedMessage, type PDU, type Server, type Session } from 'smpp';

export interface ReceivedSms {
  messageId: string;
  pdu: PDU;
  text: string;
  udh: Buffer | undefined;
}

export class TestSmsc {
  readonly received: ReceivedSms[] = [];
  /** destination_addr → command_status to refuse it with. */
  readonly refuse = new Map<string, number>();
  binds = 0;
  unbinds = 0;
  enquireLinks = 0;
  /** False: enquire_link goes unanswered, as over a half-open connection. */
  answerEnquireLink = true;
  private server: Server | null = null;
  private port = 0;
  private counter = 0;

  static async start(): Promise<TestSmsc> {
    const smsc = new TestSmsc();
    await smsc.listen(0);
    return smsc;
  }

  get address(): { host: string; port: number } {
    return { host: '127.0.0.1', port: this.port };
  }

  /** Stops listening and cuts every bind, as a crashed SMSC would. */
  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = null;
    for (const session of [...server.sessions]) session.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  restart(): Promise<void> {
    return this.listen(this.port);
  }

  /** Sends a delivery receipt on the first bound session; resolves with the deliver_sm_resp status. */
  sendReceipt(id: string, stat: string, opts: { tlv?: boolean } = {}): Promise<number> {
    const session = this.server?.sessions[0];
    if (!session) throw new Error('no client bound');
    const text = `id:${id} sub:001 dlvrd:${stat === 'DELIVRD' ? '001' : '000'} submit date:2601011200 done date:2601011201 stat:${stat} err:${stat === 'DELIVRD' ? '000' : '001'} text:`;
    const tlv = opts.tlv ? { receipted_message_id: id, message_state: stat === 'DELIVRD' ? 2 : 5 } : {};
    return new Promise((resolve) => {
      session.deliver_sm({ esm_class: 0x04, data_coding: 0, short_message: text, ...tlv }, (resp) => resolve(resp.command_status));
    });
  }

  private listen(port: number): Promise<void> {
    const server = smpp.createServer((session) => this.serve(session));
    server.on('error', () => undefined);
    this.server = server;
    return new Promise((resolve) => {
      server.listen(port, '127.0.0.1', () => {
        const address = server.address();
        this.port = typeof address === 'object' && address ? address.port : port;
        resolve();
      });
    });
  }

  private serve(session: Session): void {
    session.on('error', () => undefined);
    session.on('bind_transceiver', (pdu: PDU) => {
      this.binds++;
      session.send(pdu.response({ system_id: 'TESTSMSC' }));
    });
    session.on('enquire_link', (pdu: PDU) => {
      this.enquireLinks++;
      if (this.answerEnquireLink) session.send(pdu.response());
    });
    session.on('unbind', (pdu: PDU) => {
      this.unbinds++;
      session.send(pdu.response(), () => session.close());
    });
    session.on('submit_sm', (pdu: PDU) => {
      const refusal = this.refuse.get(String(pdu.destination_addr));
      if (refusal) return session.send(pdu.response({ command_status: refusal }));
      const messageId = `M${++this.counter}`;
      const sm = pdu.short_message as DecodedMessage;
      this.received.push({ messageId, pdu, text: String(sm.message), udh: sm.udh?.[0] });
      session.send(pdu.response({ message_id: messageId }));
    });
  }
}

/** Joins the parts of concatenated messages by UDH reference, in sequence order. */
export function reassemble(received: readonly ReceivedSms[]): string[] {
  const singles = received.filter((r) => !r.udh).map((r) => r.text);
  const byRef = new Map<number, ReceivedSms[]>();
  for (const r of received.filter((x) => x.udh)) byRef.set(r.udh![2]!, [...(byRef.get(r.udh![2]!) ?? []), r]);
  const joined = [...byRef.values()].map((parts) => parts.sort((a, b) => a.udh![4]! - b.udh![4]!).map((p) => p.text).join(''));
  return [...singles, ...joined];
}
