/** Ready replies (response templates) of a department: what the API takes and answers. */
import { z } from 'zod';
import { REPLY_KINDS } from '../replies.js';
import { Id, Ref, text } from './common.js';

export const ReplyTemplate = z.object({
  id: Id,
  department: Ref,
  kind: z.enum(REPLY_KINDS),
  title: z.string(),
  body: z.string(),
  updatedAt: z.iso.datetime(),
});
export type ReplyTemplate = z.infer<typeof ReplyTemplate>;

export const ReplyTemplateInput = z.object({
  departmentId: Id,
  kind: z.enum(REPLY_KINDS),
  title: text(120),
  body: text(2000),
});
export type ReplyTemplateInput = z.infer<typeof ReplyTemplateInput>;

export const ReplyTemplatePatch = ReplyTemplateInput.omit({ departmentId: true }).partial();
export type ReplyTemplatePatch = z.infer<typeof ReplyTemplatePatch>;

export const ListRepliesQuery = z.object({ departmentId: Id.optional(), kind: z.enum(REPLY_KINDS).optional() });
export type ListRepliesQuery = z.infer<typeof ListRepliesQuery>;
