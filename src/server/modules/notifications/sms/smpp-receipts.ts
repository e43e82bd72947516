/**
 * SMPP delivery receipts: which deliver_sm is one, what it says, and which message it is about.
 */
import type { PDU } from 'smpp';
import type { SmsReceipt } from './sms-sender.js';

// esm_class bits 5-2 give the message type; 0001 is an SMSC delivery receipt (3.4 §5.2.12).
const MESSAGE_TYPE_MASK = 0x3c;
const DELIVERY_RECEIPT = 0x04;

// Final states only; ENROUTE and ACCEPTD are intermediate and reported to nobody.
const FINAL_STATES: Readonly<Record<string, SmsReceipt['status']>> = {
  DELIVRD: 'delivered',
  UNDELIV: 'failed',
  EXPIRED: 'failed',
  REJECTD: 'failed',
  DELETED: 'failed',
  UNKNOWN: 'failed',
};

// The message_state TLV (3.4 §5.3.2.35) by number, named as in the receipt text.
const MESSAGE_STATES = ['SCHEDULED', 'ENROUTE', 'DELIVRD', 'EXPIRED', 'DELETED', 'UNDELIV', 'ACCEPTD', 'UNKNOWN', 'REJECTD'];

/** Whether a deliver_sm is a delivery receipt (the rest are citizens' replies). */
export function isDeliveryReceipt(pdu: PDU): boolean {
  return ((Number(pdu.esm_class) || 0) & MESSAGE_TYPE_MASK) === DELIVERY_RECEIPT;
}

function receiptText(pdu: PDU): string {
  const sm = pdu.short_message as { message?: unknown } | Buffer | undefined;
  const message = Buffer.isBuffer(sm) ? sm : sm?.message;
  return Buffer.isBuffer(message) ? message.toString('latin1') : String(message ?? '');
}

function field(text: string, name: string): string | undefined {
  return new RegExp(`(?:^|\\s)${name}:(\\S*)`, 'i').exec(text)?.[1] || undefined;
}

/**
 * The final outcome a receipt reports, or null for intermediate and unreadable ones. The TLVs
 * (receipted_message_id, message_state) win over the free-format text (Appendix B) when present.
 */
export function parseReceipt(pdu: PDU): SmsReceipt | null {
  const text = receiptText(pdu);
  const id = (typeof pdu.receipted_message_id === 'string' && pdu.receipted_message_id) || field(text, 'id');
  const tlvState = typeof pdu.message_state === 'number' ? MESSAGE_STATES[pdu.message_state] : undefined;
  const stat = (tlvState ?? field(text, 'stat'))?.toUpperCase();
  const status = stat ? FINAL_STATES[stat] : undefined;
  if (!id || !status) return null;
  if (status === 'delivered') return { providerId: id, status };
  const err = field(text, 'err');
  return { providerId: id, status, error: err && err !== '000' ? `${stat} err:${err}` : stat };
}

/**
 * Remembers which message each later part of a concatenated SMS belongs to, so that a part's
 * receipt is reported under the message's providerId. In memory and bounded: after a restart,
 * later parts' receipts arrive under their own ids (and match nothing), the first part's still do.
 */
export class PartIndex {
  private readonly firstOf = new Map<string, string>();
  constructor(private readonly capacity = 50_000) {}

  remember(ids: readonly string[]): void {
    const [first, ...rest] = ids;
    if (!first) return;
    for (const id of rest) this.firstOf.set(id, first);
    while (this.firstOf.size > this.capacity) this.firstOf.delete(this.firstOf.keys().next().value!);
  }

  /**
   * The receipt as the caller should see it, or null: a later part's "delivered" adds nothing to the
   * first part's, while its failure is the message's failure.
   */
  translate(r: SmsReceipt): SmsReceipt | null {
    const first = this.firstOf.get(r.providerId);
    if (!first) return r;
    return r.status === 'delivered' ? null : { ...r, providerId: first };
  }
}
