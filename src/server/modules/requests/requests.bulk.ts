/**
 * One action applied to many requests from the inbox, each in its own transaction: each succeeds or
 * fails on its own, with the true reason. A dry run does the same work and rolls every transaction
 * back, so what it answers (who would fail and why, which citizens would get an SMS or e-mail) is
 * what the real run would do at that moment.
 */
import { and, eq, gt, sql } from 'drizzle-orm';
import type { BulkInput, BulkResult } from '../../../shared/schemas/requests.js';
import { NEEDS_PUBLIC_NOTE, type Status } from '../../../shared/workflow.js';
import type { Db, Executor } from '../../db/client.js';
import { notifications } from '../../db/schema.js';
import { AppError } from '../../errors.js';
import type { Actor } from '../auth/actor.js';
import { assignWithin, transitionWithin } from './requests.workflow.js';

/** Thrown to roll a dry run's transaction back once its effects are read. */
class DryRunRollback extends Error {}

interface Effect {
  messages: { channel: 'sms' | 'email'; recipient: string }[];
}

async function applyOne(tx: Executor, actor: Actor, id: string, action: BulkInput['action'], now: Date): Promise<Effect> {
  const [before] = await tx.select({ last: sql<number>`coalesce(max(${notifications.id}), 0)` }).from(notifications).where(eq(notifications.requestId, id));
  if (action.type === 'transition') await transitionWithin(tx, actor, id, { to: action.to, publicNote: action.publicNote }, now);
  else await assignWithin(tx, actor, id, { userId: action.userId }, now);
  const queued = await tx
    .select({ channel: notifications.channel, recipient: notifications.recipient })
    .from(notifications)
    .where(and(eq(notifications.requestId, id), gt(notifications.id, Number(before?.last ?? 0))));
  return { messages: queued.map((m) => ({ channel: m.channel as 'sms' | 'email', recipient: m.recipient })) };
}

/** Applies (or, with dryRun, tries and undoes) one action on many requests, and says per request what happened and why. */
export async function bulkUpdate(db: Db, actor: Actor, input: BulkInput, now = new Date()): Promise<BulkResult> {
  // A rule that holds for every request is said once, at its field, not once per request.
  if (input.action.type === 'transition' && NEEDS_PUBLIC_NOTE.includes(input.action.to) && !input.action.publicNote) {
    throw new AppError('public_note_required', { field: 'publicNote' });
  }
  const results: BulkResult['results'] = [];
  const recipients = { sms: new Set<string>(), email: new Set<string>() };
  for (const id of new Set(input.ids)) {
    let effect: Effect | undefined;
    try {
      await db.transaction(async (tx) => {
        effect = await applyOne(tx, actor, id, input.action, now);
        if (input.dryRun) throw new DryRunRollback();
      });
    } catch (err) {
      if (!(err instanceof DryRunRollback)) {
        if (!(err instanceof AppError)) throw err;
        const from = err.code === 'transition_not_allowed' ? (err.details?.from as Status | undefined) : undefined;
        results.push({ id, ok: false, code: err.code, ...(from ? { from } : {}) });
        continue;
      }
    }
    for (const m of effect!.messages) recipients[m.channel].add(m.recipient);
    results.push({ id, ok: true, messages: effect!.messages.map((m) => m.channel) });
  }
  return { results, recipients: { sms: recipients.sms.size, email: recipients.email.size }, dryRun: input.dryRun };
}
