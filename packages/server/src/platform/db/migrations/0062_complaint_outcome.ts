import type { Kysely } from 'kysely';
import { runScript } from '../script.ts';

/**
 * A complaint's resolution says whether it was upheld or dismissed (module feedback). A dismissed
 * complaint — staff found the leader, supplier or driver not at fault — no longer counts in its
 * target's complaint rate, KPIs or scorecard; one appealed again counts until it is resolved
 * again. Complaints resolved before this migration were resolved without an outcome and stay
 * counted: they are marked upheld.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
alter table complaints add column outcome text check (outcome in ('upheld', 'dismissed'));
update complaints set outcome = 'upheld' where resolution is not null;
alter table complaints add constraint complaints_resolved_outcome check (state <> 'resolved' or outcome is not null);
`,
  );
}
