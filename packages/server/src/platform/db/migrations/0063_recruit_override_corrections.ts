import type { Kysely } from 'kysely';
import { runScript } from '../script.ts';

/**
 * Corrections of a recruit override day (module leader-recruiting). A day's override is posted
 * once, the day after, from the recruit's orders picked up by then; an order of that pickup date
 * picked up later adds to it, and a refund after it takes from it. While the day is within the
 * correction window, each sweep compares the override owed from the day's sales now with what was
 * posted for it, and posts the difference (signed) as the day's next correction: once per
 * (referral, day, seq), so a second or concurrent sweep posts nothing.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
create table recruit_override_corrections (
  referral_id text not null,
  day date not null,
  seq integer not null check (seq >= 1),
  operator_id text not null,
  referrer_id text not null,
  base_fen bigint not null,
  amount_fen integer not null check (amount_fen <> 0),
  entry_id text,
  posted_at timestamptz not null,
  primary key (referral_id, day, seq),
  foreign key (referral_id, day) references recruit_override_postings (referral_id, day)
);
create index recruit_override_postings_day on recruit_override_postings (operator_id, day);
`,
  );
}
