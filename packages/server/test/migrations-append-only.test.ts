import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { migrationChecksums } from '../src/platform/db/migrations/checksums.ts';

// Migrations are append-only: a database that ran one never runs it again, so editing a committed
// migration changes fresh databases only (0001 and 0003-0006 were, and 0029 had to repair it).
// Each committed file's sha256 is in migrations/checksums.ts; this needs no database.
const dir = new URL('../src/platform/db/migrations/', import.meta.url);
const files = readdirSync(dir)
  .filter((f) => /^\d{4}_\w+\.ts$/.test(f))
  .sort();
const sha256 = (file: string) =>
  createHash('sha256')
    .update(readFileSync(new URL(file, dir)))
    .digest('hex');

describe('migrations are append-only', () => {
  it('no committed migration changed, and none was deleted or renamed', () => {
    const problems: string[] = [];
    for (const [file, sum] of Object.entries(migrationChecksums)) {
      if (!files.includes(file)) problems.push(`${file} is gone: a committed migration is never deleted or renamed`);
      else if (sha256(file) !== sum) problems.push(`${file} changed after it was committed`);
    }
    expect(
      problems,
      'A database that ran a migration never runs it again. Put the file back as it was (git show HEAD:<path>) ' +
        'and make the change in a new migration with the next number.',
    ).toEqual([]);
  });

  it('every migration file is listed', () => {
    const missing = files.filter((f) => !(f in migrationChecksums)).map((f) => `  '${f}': '${sha256(f)}',`);
    expect(
      missing,
      'A new migration: once it is final, append these lines to packages/server/src/platform/db/migrations/checksums.ts ' +
        '(after that the file never changes).',
    ).toEqual([]);
  });

  it('migrate.ts lists every file once, by its name, in the order of the numbers', () => {
    const source = readFileSync(new URL('../src/platform/db/migrate.ts', import.meta.url), 'utf8');
    const imports = new Map([...source.matchAll(/import \* as (\w+) from '\.\/migrations\/(\d{4}_\w+)\.ts'/g)].map((m) => [m[1], m[2]]));
    const listed = [...source.matchAll(/^\s*'(\d{4}_\w+)': (\w+),/gm)].map((m) => ({ name: m[1], file: imports.get(m[2] ?? '') }));
    const numbers = files.map((f) => f.slice(0, 4));
    expect(
      numbers.filter((n, i) => numbers.indexOf(n) !== i),
      'Two migration files share a number: renumber the one not yet committed.',
    ).toEqual([]);
    expect(
      listed.filter((m) => m.name !== m.file),
      'Each migration in migrate.ts is named after the file it imports (Kysely records and orders them by that name).',
    ).toEqual([]);
    expect(
      listed.map((m) => m.name),
      'migrate.ts lists the migration files in the order of their numbers: append a new one at the end.',
    ).toEqual(files.map((f) => f.replace(/\.ts$/, '')));
  });
});
