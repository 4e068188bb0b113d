import type { Kysely } from 'kysely';
import { runScript } from '../script.ts';

/**
 * Uploaded images (after-sales evidence, product pictures), kept in the database so PGlite and
 * PostgreSQL installations both work without a file store. The id is random and unguessable: the
 * image is served to anyone who has its URL. Like every tenant table since 0008, operator_id has
 * no foreign key.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
create table uploads (
  id text primary key,
  operator_id text not null,
  uploaded_by_kind text not null check (uploaded_by_kind in ('staff', 'resident', 'leader', 'driver', 'supplier')),
  uploaded_by_id text not null,
  content_type text not null check (content_type in ('image/jpeg', 'image/png', 'image/webp')),
  size integer not null check (size > 0),
  sha256 text not null,
  data bytea not null,
  created_at timestamptz not null
);
-- what one person uploaded lately (the daily limit)
create index uploads_uploader on uploads (operator_id, uploaded_by_kind, uploaded_by_id, created_at);
`,
  );
}
