/**
 * What the outbox worker sees of an SMS carrier. Two implementations: SMPP straight to an SMSC
 * (smpp-sender.ts) and a generic HTTP aggregator (http-sms-sender.ts); create-sms-sender.ts picks one.
 * Failures are SendError (../send-error.ts) with `retryable` set.
 */
import type { SmsEncoding } from '../../../../shared/sms.js';

export interface SmsMessage {
  /** E.164, e.g. +306912345678. */
  to: string;
  text: string;
  /** Alphanumeric (up to 11 characters) or a number. */
  senderId: string;
  /** Send Greek as unaccented GSM-7 capitals (160 characters per SMS instead of 70). */
  greekAsGsm7: boolean;
  /**
   * Ours, the same on every attempt at this message (the outbox row's reference): providers that
   * take a client reference or an idempotency key use it to accept a repeated hand-over once.
   */
  reference?: string;
}

export interface SmsSendResult {
  /** The carrier's id of the message (of its first part when concatenated); receipts carry it. */
  providerId: string;
  parts: number;
  encoding: SmsEncoding;
  /** Every part's id when the carrier gives one per part (SMPP). */
  providerIds?: string[];
}

export interface SmsReceipt {
  providerId: string;
  status: 'delivered' | 'failed';
  error?: string;
}

/**
 * Called for every final delivery receipt. If it returns a promise, SMPP acknowledges the receipt
 * only after it settles, and asks the SMSC to deliver it again when it rejects.
 */
export type SmsReceiptCallback = (r: SmsReceipt) => void;

export interface SmsSender {
  send(msg: SmsMessage): Promise<SmsSendResult>;
  onReceipt(cb: SmsReceiptCallback): void;
  close(): Promise<void>;
}

/** The part of a pino logger the senders use; optional everywhere. */
export interface SmsLog {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

export const silentLog: SmsLog = { info() {}, warn() {} };
