import type { Executor } from '../../platform/db/database.ts';
import type { PrincipalKind } from '../../platform/db/schema.ts';
import { DEFAULT_PREFERENCES, type NoticePreferences } from './notices.rules.ts';

type Who = { operatorId: string; kind: PrincipalKind; id: string };

/** A person's notice wishes, the defaults until they set their own. */
export async function preferencesOf(db: Executor, who: Who): Promise<NoticePreferences> {
  return (await preferencesOfMany(db, who.operatorId, who.kind, [who.id])).get(who.id) ?? DEFAULT_PREFERENCES;
}

/** Several people's wishes at once (the sender's batch); those without a row are absent. */
export async function preferencesOfMany(
  db: Executor,
  operatorId: string,
  kind: PrincipalKind,
  ids: readonly string[],
): Promise<Map<string, NoticePreferences>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('notice_preferences')
    .selectAll()
    .where('operator_id', '=', operatorId)
    .where('recipient_kind', '=', kind)
    .where('recipient_id', 'in', [...new Set(ids)])
    .execute();
  return new Map(
    rows.map((r) => [
      r.recipient_id,
      { sms: r.sms, wechat: r.wechat, quietHours: r.quiet_hours, quietStart: r.quiet_start, quietEnd: r.quiet_end },
    ]),
  );
}

/** Saves a person's wishes (the contract validated the times) and answers them. */
export async function setPreferences(db: Executor, now: Date, who: Who, prefs: NoticePreferences): Promise<NoticePreferences> {
  const values = {
    sms: prefs.sms,
    wechat: prefs.wechat,
    quiet_hours: prefs.quietHours,
    quiet_start: prefs.quietStart,
    quiet_end: prefs.quietEnd,
    updated_at: now,
  };
  await db
    .insertInto('notice_preferences')
    .values({ operator_id: who.operatorId, recipient_kind: who.kind, recipient_id: who.id, ...values })
    .onConflict((oc) => oc.columns(['operator_id', 'recipient_kind', 'recipient_id']).doUpdateSet(values))
    .execute();
  return prefs;
}
