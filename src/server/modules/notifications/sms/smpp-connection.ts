/**
 * One SMPP 3.4 transceiver bind that stays up: connects, binds, answers the SMSC's enquire_link and
 * sends its own (a half-open TCP connection otherwise goes unnoticed for hours), and after any drop
 * reconnects with exponential back-off and binds again. Requests get a response timeout; requests
 * in flight when the link drops fail as retryable.
 */
import smpp, { type PDU, type Session } from 'smpp';
import { SendError } from '../send-error.js';
import { silentLog, type SmsLog } from './sms-sender.js';

export interface SmppConnectionOptions {
  host: string;
  port: number;
  systemId: string;
  password: string;
  systemType?: string;
  /** Our enquire_link period; the default suits SMSCs that drop idle binds after 60 s. */
  enquireLinkMs?: number;
  /** How long a request may wait for its response. */
  responseTimeoutMs?: number;
  reconnectMinMs?: number;
  reconnectMaxMs?: number;
  log?: SmsLog;
}

/** Handles an incoming deliver_sm; resolves to the command_status to acknowledge it with. */
export type DeliverHandler = (pdu: PDU) => Promise<number>;

type Waiter = (err?: SendError) => void;

const INTERFACE_VERSION_34 = 0x34;
const ESME_RX_T_APPN = 0x64;

export class SmppConnection {
  private session: Session | null = null;
  private sessionClosed: Promise<void> = Promise.resolve();
  private bound = false;
  private closed = false;
  private attempts = 0;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private keepAliveTimer: NodeJS.Timeout | undefined;
  private readonly waiters = new Set<Waiter>();
  private readonly inFlight = new Set<(err: SendError) => void>();

  constructor(
    private readonly opts: SmppConnectionOptions,
    private readonly onDeliver: DeliverHandler,
  ) {}

  private get log(): SmsLog {
    return this.opts.log ?? silentLog;
  }

  start(): void {
    if (!this.session && !this.closed) this.connect();
  }

  /** Resolves once bound; rejects as retryable if that does not happen by `deadline` (epoch ms). */
  waitBound(deadline: number): Promise<void> {
    if (this.bound) return Promise.resolve();
    if (this.closed) return Promise.reject(new SendError('the SMS sender is closed', true, 'closed'));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => done(new SendError('the SMSC is not reachable; try again later', true, 'not_connected')), Math.max(0, deadline - Date.now()));
      const done: Waiter = (err) => {
        clearTimeout(timer);
        this.waiters.delete(done);
        if (err) reject(err);
        else resolve();
      };
      this.waiters.add(done);
    });
  }

  /** Sends a request on the current bind and resolves with its response PDU (any command_status). */
  request(command: string, params: Record<string, unknown> = {}, session = this.session): Promise<PDU> {
    return new Promise((resolve, reject) => {
      if (!session) return reject(new SendError('not connected to the SMSC', true, 'not_connected'));
      const timeoutMs = this.opts.responseTimeoutMs ?? 10_000;
      const settle = (err: SendError | null, pdu?: PDU) => {
        clearTimeout(timer);
        this.inFlight.delete(fail);
        if (err) reject(err);
        else resolve(pdu!);
      };
      const fail = (err: SendError) => settle(err);
      const timer = setTimeout(() => fail(new SendError(`${command}: no answer from the SMSC in ${timeoutMs} ms`, true, 'timeout')), timeoutMs);
      this.inFlight.add(fail);
      try {
        if (!session.send(new smpp.PDU(command, params), (pdu) => settle(null, pdu))) {
          fail(new SendError('the SMSC connection is not writable', true, 'not_connected'));
        }
      } catch (cause) {
        fail(new SendError(`${command} could not be encoded`, false, 'encoding', { cause }));
      }
    });
  }

  /** Unbinds politely and closes; pending waiters fail as retryable. */
  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.reconnectTimer);
    for (const w of [...this.waiters]) w(new SendError('the SMS sender is closed', true, 'closed'));
    const session = this.session;
    if (!session) return;
    if (this.bound) await this.request('unbind', {}, session).catch(() => undefined);
    session.close();
    const force = setTimeout(() => session.destroy(), 2000);
    await this.sessionClosed;
    clearTimeout(force);
  }

  private connect(): void {
    const session = smpp.connect({ host: this.opts.host, port: this.opts.port });
    this.session = session;
    // Listened for from the start: the SMSC may close first (after unbind_resp), before close() would listen.
    this.sessionClosed = new Promise((resolve) => session.once('close', () => resolve()));
    session.on('connect', () => void this.bind(session));
    // 'close' follows every socket error; reconnecting is done there.
    session.on('error', (err: Error) => this.log.warn({ err: err.message }, 'SMPP connection error'));
    session.on('close', () => this.onClosed(session));
    session.on('enquire_link', (pdu: PDU) => session.send(pdu.response()));
    session.on('unbind', (pdu: PDU) => {
      this.bound = false;
      session.send(pdu.response(), () => session.close());
    });
    session.on('deliver_sm', (pdu: PDU) => void this.acknowledge(session, pdu));
  }

  private async bind(session: Session): Promise<void> {
    const { systemId, password, systemType = '' } = this.opts;
    const params = { system_id: systemId, password, system_type: systemType, interface_version: INTERFACE_VERSION_34 };
    const resp = await this.request('bind_transceiver', params, session).catch(() => null);
    if (session !== this.session) return;
    if (!resp || resp.command_status !== 0) {
      // A refused bind (wrong password, too many binds) is retried with back-off like a drop.
      this.log.warn({ status: resp?.command_status }, 'SMPP bind_transceiver refused or unanswered');
      session.destroy();
      return;
    }
    this.bound = true;
    this.attempts = 0;
    this.log.info({ host: this.opts.host, port: this.opts.port }, 'SMPP bound');
    this.startKeepAlive(session);
    for (const w of [...this.waiters]) w();
  }

  private startKeepAlive(session: Session): void {
    clearInterval(this.keepAliveTimer);
    this.keepAliveTimer = setInterval(() => {
      this.request('enquire_link', {}, session).catch(() => {
        if (session !== this.session) return; // already dropped; its other requests fail too
        this.log.warn({}, 'SMPP enquire_link unanswered; reconnecting');
        session.destroy();
      });
    }, this.opts.enquireLinkMs ?? 30_000);
  }

  private async acknowledge(session: Session, pdu: PDU): Promise<void> {
    // A failing handler (database down) gets a temporary error, so the SMSC delivers the receipt again.
    const status = await this.onDeliver(pdu).catch(() => ESME_RX_T_APPN);
    session.send(pdu.response(status ? { command_status: status } : {}));
  }

  private onClosed(session: Session): void {
    if (session !== this.session) return;
    this.session = null;
    this.bound = false;
    clearInterval(this.keepAliveTimer);
    // The SMSC may or may not have accepted these; the caller's retry can therefore duplicate one.
    for (const fail of [...this.inFlight]) fail(new SendError('the SMSC connection dropped before it answered', true, 'connection_lost'));
    if (!this.closed) this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    const min = this.opts.reconnectMinMs ?? 1000;
    const max = this.opts.reconnectMaxMs ?? 60_000;
    // Jitter keeps several Dimotis instances from hammering a recovering SMSC in step.
    const delay = Math.min(max, min * 2 ** this.attempts) * (0.8 + Math.random() * 0.4);
    this.attempts++;
    this.log.info({ delayMs: Math.round(delay) }, 'SMPP reconnecting');
    this.reconnectTimer = setTimeout(() => this.connect(), delay);
  }
}
