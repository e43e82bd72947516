/**
 * E-mail to citizens over SMTP (nodemailer): plain text and HTML, the municipality's name and logo,
 * a Reply-To that carries the protocol number, and a Message-ID derived from the outbox row so a
 * re-sent message is recognisably the same one.
 */
import nodemailer, { type Transporter } from 'nodemailer';
import { SendError } from '../send-error.js';

export interface EmailMessage {
  to: string;
  subject: string;
  text: string;
  /** For Message-ID and Reply-To. */
  notificationId: number;
  protocolNumber: string;
  municipalityName: string;
  /** data: URL of the logo, embedded inline (cid:logo). */
  logoDataUrl?: string | null;
  /** An alert to staff (modules/alerts): no Reply-To into the citizens' mailbox, marked as automatic. */
  staffAlert?: boolean;
}

export interface EmailSender {
  send(msg: EmailMessage): Promise<{ providerId: string }>;
  close(): Promise<void>;
}

export interface EmailSenderOptions {
  url: string;
  from: string;
  /** May contain {protocol}, written 2026-004512. */
  replyTo: string;
  /** Tests against a local server without TLS. */
  ignoreTLS?: boolean;
}

const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** The HTML part: the text, escaped, with links made clickable, under the municipality's name and logo. */
export function emailHtml(msg: Pick<EmailMessage, 'text' | 'municipalityName' | 'logoDataUrl'>): string {
  const body = escapeHtml(msg.text)
    .replace(/(https?:\/\/[^\s<]+)/g, '<a href="$1">$1</a>')
    .replace(/\n/g, '<br>');
  const logo = msg.logoDataUrl ? '<img src="cid:logo" alt="" height="48" style="vertical-align:middle;margin-right:12px">' : '';
  return `<!doctype html><html lang="el"><body style="font-family:Arial,sans-serif;font-size:16px;color:#1a1a1a;line-height:1.5">
<div style="border-bottom:3px solid #1864ab;padding:8px 0;margin-bottom:16px">${logo}<strong style="font-size:18px">${escapeHtml(msg.municipalityName)}</strong></div>
<div>${body}</div></body></html>`;
}

function logoAttachment(dataUrl: string | null | undefined) {
  const m = dataUrl ? /^data:(image\/(?:png|jpeg|svg\+xml));base64,(.+)$/.exec(dataUrl) : null;
  return m ? [{ filename: 'logo', content: Buffer.from(m[2]!, 'base64'), contentType: m[1], cid: 'logo' }] : [];
}

export function createEmailSender(opts: EmailSenderOptions): EmailSender {
  // The URL goes inside the options: after a URL string, nodemailer takes the second argument as message
  // defaults, and the pool (one new connection per message instead) and ignoreTLS were silently off.
  const transport: Transporter = nodemailer.createTransport({ url: opts.url, ignoreTLS: opts.ignoreTLS, pool: true, maxConnections: 8 });
  const domain = /@([^>\s]+)/.exec(opts.from)?.[1] ?? 'dimotis.local';
  return {
    async send(msg) {
      const protocolForAddress = msg.protocolNumber.replace('/', '-');
      const logo = logoAttachment(msg.logoDataUrl);
      try {
        const info = await transport.sendMail({
          from: opts.from,
          to: msg.to,
          replyTo: msg.staffAlert ? undefined : opts.replyTo.replace('{protocol}', protocolForAddress),
          subject: msg.subject,
          text: msg.text,
          html: emailHtml({ ...msg, logoDataUrl: logo.length ? msg.logoDataUrl : null }),
          messageId: `<notification-${msg.notificationId}@${domain}>`,
          headers: msg.staffAlert
            ? { 'Auto-Submitted': 'auto-generated', ...(msg.protocolNumber ? { 'X-Dimotis-Protocol': msg.protocolNumber } : {}) }
            : { 'X-Dimotis-Protocol': msg.protocolNumber },
          attachments: logo,
        });
        return { providerId: info.messageId };
      } catch (err) {
        const code = (err as { responseCode?: number }).responseCode;
        // 5xx: the server refuses this message for good (bad address, policy); anything else may pass later.
        throw new SendError((err as Error).message, !(code && code >= 500 && code < 600), code ? `smtp_${code}` : 'smtp_error', { cause: err });
      }
    },
    close: async () => transport.close(),
  };
}
