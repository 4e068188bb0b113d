import type { Executor } from './db/database.ts';
import type { PrincipalKind } from './db/schema.ts';
import { newId } from './ids.ts';

/** A message for one person's inbox (the notification list every screen shows). */
export interface Notice {
  recipientKind: PrincipalKind;
  recipientId: string;
  title: string;
  body: string;
}

/**
 * Leaves notices in their recipients' inboxes, in the caller's transaction, so a notice exists
 * exactly when the change it tells of commits. The only writer of `notifications`: every module
 * tells people through here, and delivery by SMS or WeChat hooks in at this one place.
 */
export async function notify(db: Executor, at: Date, operatorId: string, notices: readonly Notice[]): Promise<void> {
  if (notices.length === 0) return;
  await db
    .insertInto('notifications')
    .values(
      notices.map((n) => ({
        id: newId('ntf'),
        operator_id: operatorId,
        recipient_kind: n.recipientKind,
        recipient_id: n.recipientId,
        title: n.title,
        body: n.body,
        created_at: at,
        read_at: null,
      })),
    )
    .execute();
}
