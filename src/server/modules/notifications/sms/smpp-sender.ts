/**
 * SMS straight to a carrier's SMSC over SMPP 3.4 (one transceiver bind, see smpp-connection.ts).
 * Long messages go as concatenated parts with an 8-bit-reference UDH, each part a submit_sm paced
 * by a token bucket; delivery receipts come back on the same bind and go to the onReceipt callbacks.
 */
import type { PDU } from 'smpp';
import { SendError } from '../send-error.js';
import { encodeSms, smsSegments } from './sms-encoding.js';
import { SmppConnection, type SmppConnectionOptions } from './smpp-connection.js';
import { isDeliveryReceipt, parseReceipt, PartIndex } from './smpp-receipts.js';
import type { SmsMessage, SmsReceiptCallback, SmsSender, SmsSendResult } from './sms-sender.js';
import { TokenBucket } from './token-bucket.js';

export interface SmppSenderOptions extends SmppConnectionOptions {
  /** submit_sm per second (each part of a long message counts). */
  ratePerSecond: number;
  /** How long send() waits for a (re)connection before failing as retryable. */
  connectWaitMs?: number;
}

const TON_INTERNATIONAL = 1;
const TON_ALPHANUMERIC = 5;
const NPI_UNKNOWN = 0;
const NPI_ISDN = 1;
const REGISTERED_DELIVERY_FINAL = 1;
// A concatenated SMS numbers its parts in one octet.
const MAX_PARTS = 255;

// Statuses that say "not now" rather than "never"; every other refusal is permanent.
const RETRYABLE_STATUS: Readonly<Record<number, string>> = {
  0x04: 'ESME_RINVBNDSTS',
  0x08: 'ESME_RSYSERR',
  0x14: 'ESME_RMSGQFUL',
  0x45: 'ESME_RSUBMITFAIL',
  0x58: 'ESME_RTHROTTLED',
  0x64: 'ESME_RX_T_APPN',
  0xfe: 'ESME_RDELIVERYFAILURE',
  0xff: 'ESME_RUNKNOWNERR',
};

const PERMANENT_STATUS: Readonly<Record<number, string>> = {
  0x01: 'ESME_RINVMSGLEN',
  0x0a: 'ESME_RINVSRCADR',
  0x0b: 'ESME_RINVDSTADR',
  0x43: 'ESME_RINVESMCLASS',
  0x48: 'ESME_RINVSRCTON',
  0x50: 'ESME_RINVDSTTON',
  0x65: 'ESME_RX_P_APPN',
  0x66: 'ESME_RX_R_APPN',
  0x104: 'ESME_RINVDCS',
};

/** The SendError for a submit_sm_resp's non-zero command_status. */
export function smppStatusError(status: number): SendError {
  const hex = `0x${status.toString(16).padStart(8, '0')}`;
  const retryable = status in RETRYABLE_STATUS;
  const name = RETRYABLE_STATUS[status] ?? PERMANENT_STATUS[status] ?? hex;
  return new SendError(`the SMSC refused the message: ${name} (${hex})`, retryable, name);
}

/** Destination as SMPP wants it: international digits without '+'. */
function destinationAddress(to: string): string {
  if (!/^\+[1-9]\d{6,14}$/.test(to)) throw new SendError(`not an E.164 number: ${to}`, false, 'invalid_destination');
  return to.slice(1);
}

/** Source address fields: letters make an alphanumeric sender ID, digits an international number. */
function sourceAddress(senderId: string): Record<string, unknown> {
  if (/^\+?\d{1,15}$/.test(senderId)) {
    return { source_addr_ton: TON_INTERNATIONAL, source_addr_npi: NPI_ISDN, source_addr: senderId.replace('+', '') };
  }
  if (!/^[A-Za-z0-9 ]{1,11}$/.test(senderId)) throw new SendError(`invalid sender ID: ${senderId}`, false, 'invalid_sender');
  return { source_addr_ton: TON_ALPHANUMERIC, source_addr_npi: NPI_UNKNOWN, source_addr: senderId };
}

export class SmppSender implements SmsSender {
  private readonly connection: SmppConnection;
  private readonly bucket: TokenBucket;
  private readonly callbacks: SmsReceiptCallback[] = [];
  private readonly partIndex = new PartIndex();
  // Phones join parts by (sender, reference); a random start makes clashes across restarts unlikely.
  private reference = Math.floor(Math.random() * 256);

  constructor(private readonly opts: SmppSenderOptions) {
    this.bucket = new TokenBucket(opts.ratePerSecond);
    this.connection = new SmppConnection(opts, (pdu) => this.handleDeliver(pdu));
    this.connection.start();
  }

  async send(msg: SmsMessage): Promise<SmsSendResult> {
    const address = { ...sourceAddress(msg.senderId), dest_addr_ton: TON_INTERNATIONAL, dest_addr_npi: NPI_ISDN, destination_addr: destinationAddress(msg.to) };
    const { encoding, text, segments } = smsSegments(msg.text, { greekAsGsm7: msg.greekAsGsm7 });
    if (segments === 0) throw new SendError('empty message', false, 'empty');
    if (segments > MAX_PARTS) throw new SendError(`message too long: ${segments} parts`, false, 'too_long');
    this.reference = (this.reference + 1) % 256;
    const encoded = encodeSms(text, encoding, this.reference);
    const deadline = Date.now() + (this.opts.connectWaitMs ?? 30_000);
    const ids: string[] = [];
    for (const shortMessage of encoded.parts) {
      await this.connection.waitBound(deadline);
      await this.bucket.take();
      ids.push(await this.submit({ ...address, esm_class: encoded.esmClass, data_coding: encoded.dataCoding, short_message: shortMessage }));
    }
    this.partIndex.remember(ids);
    return { providerId: ids[0]!, parts: ids.length, encoding, providerIds: ids };
  }

  onReceipt(cb: SmsReceiptCallback): void {
    this.callbacks.push(cb);
  }

  close(): Promise<void> {
    return this.connection.close();
  }

  private async submit(params: Record<string, unknown>): Promise<string> {
    const resp = await this.connection.request('submit_sm', { ...params, registered_delivery: REGISTERED_DELIVERY_FINAL });
    if (resp.command_status !== 0) throw smppStatusError(resp.command_status);
    return String(resp.message_id ?? '');
  }

  private async handleDeliver(pdu: PDU): Promise<number> {
    // Citizens' replies (mobile-originated messages) are acknowledged and not handled yet.
    if (!isDeliveryReceipt(pdu)) return 0;
    const parsed = parseReceipt(pdu);
    const receipt = parsed && this.partIndex.translate(parsed);
    if (receipt) for (const cb of this.callbacks) await (cb(receipt) as unknown);
    return 0;
  }
}

/** Starts an SMPP sender; it connects in the background and send() waits for the bind. */
export function createSmppSender(opts: SmppSenderOptions): SmppSender {
  return new SmppSender(opts);
}
