/**
 * Ready replies: a department's texts for public updates and status notes, with placeholders in
 * braces filled from the request. Pure: the server checks the placeholders when a text is saved,
 * the request page fills them in when a text is picked.
 */
import { unknownPlaceholdersOf } from './placeholders.js';

export const REPLY_PLACEHOLDERS = ['protocol', 'address', 'category', 'department', 'due_date'] as const;
export type ReplyPlaceholder = (typeof REPLY_PLACEHOLDERS)[number];

export const REPLY_KINDS = ['public_update', 'status_note'] as const;
export type ReplyKind = (typeof REPLY_KINDS)[number];

const TOKEN = /\{([^{}]*)\}/g;

/** What in a ready reply is not one of its placeholders, stray braces included (see unknownPlaceholdersOf). */
export function unknownPlaceholders(body: string): string[] {
  return unknownPlaceholdersOf(body, REPLY_PLACEHOLDERS);
}

/** The text with each known placeholder replaced by its value (an empty value leaves "—"). */
export function renderReply(body: string, values: Record<ReplyPlaceholder, string | null | undefined>): string {
  return body.replace(TOKEN, (whole, name: string) => ((REPLY_PLACEHOLDERS as readonly string[]).includes(name) ? values[name as ReplyPlaceholder] || '—' : whole));
}
