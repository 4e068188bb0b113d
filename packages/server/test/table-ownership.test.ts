import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crossReads, sharedWrites, tableOwners } from '../src/modules/ownership.ts';
import { startTestApp, type TestApp } from './harness.ts';

/**
 * Holds every module's SQL to the ownership table (src/modules/ownership.ts): Kysely calls
 * (selectFrom, insertInto, updateTable, deleteFrom, joins, mergeInto), `sql` templates and .sql
 * files. A write to another module's table fails unless listed as a shared write with its reason;
 * a read of another's table fails unless its file is listed in `crossReads` with that table (a
 * list that only shrinks: a listed read that no longer happens fails too). Platform tables may be read by anyone and
 * written only through platform functions.
 */

const MODULES_DIR = fileURLToPath(new URL('../src/modules/', import.meta.url));
const owner = new Map<string, string>();
for (const [module, tables] of Object.entries(tableOwners)) for (const t of tables) owner.set(t, module);

type Access = { table: string; write: boolean; file: string };

const KYSELY = /\b(selectFrom|insertInto|updateTable|deleteFrom|mergeInto|innerJoin|leftJoin|rightJoin|fullJoin)\(\s*'([a-z_]+)/g;
/** A Kysely call whose table is a variable: the scanner cannot tell which table it reads. */
const KYSELY_DYNAMIC =
  /\b(?:selectFrom|insertInto|updateTable|deleteFrom|mergeInto|innerJoin|leftJoin|rightJoin|fullJoin)\(\s*[A-Za-z_$][\w$]*\s*[,)]/g;
const KYSELY_WRITES = new Set(['insertInto', 'updateTable', 'deleteFrom', 'mergeInto']);
const SQL_WRITE = /\b(insert\s+into|update|delete\s+from|merge\s+into)\s+([a-z_]+)/gi;
const SQL_READ = /\b(from|join)\s+([a-z_]+)/gi;

/** The text of every `sql` tagged template in a source file (nested `${…}` skipped). */
function sqlTemplates(source: string): string[] {
  const out: string[] = [];
  const start = /\bsql(?:<[^`]*?>)?`/g;
  for (let m = start.exec(source); m; m = start.exec(source)) {
    let i = m.index + m[0].length;
    let text = '';
    while (i < source.length && source[i] !== '`') {
      if (source[i] === '\\') {
        i += 2;
        continue;
      }
      if (source[i] === '$' && source[i + 1] === '{') {
        let depth = 1;
        i += 2;
        while (i < source.length && depth > 0) {
          if (source[i] === '{') depth++;
          else if (source[i] === '}') depth--;
          i++;
        }
        text += ' ? ';
        continue;
      }
      text += source[i];
      i++;
    }
    out.push(text);
    start.lastIndex = i + 1;
  }
  return out;
}

function sqlAccesses(text: string, file: string): Access[] {
  const code = text.replace(/--[^\n]*/g, '');
  const out: Access[] = [];
  for (const m of code.matchAll(SQL_WRITE)) if (owner.has(m[2]!)) out.push({ table: m[2]!, write: true, file });
  for (const m of code.matchAll(SQL_READ)) if (owner.has(m[2]!)) out.push({ table: m[2]!, write: false, file });
  return out;
}

/** The code of a module's TypeScript files, comments removed, by file. */
function codeOf(module: string): Array<{ file: string; code: string }> {
  const dir = join(MODULES_DIR, module);
  return readdirSync(dir)
    .filter((name) => name.endsWith('.ts'))
    .map((name) => ({
      file: `${module}/${name}`,
      code: readFileSync(join(dir, name), 'utf8')
        .replace(/\/\*[\s\S]*?\*\//g, '')
        .replace(/(^|[^:'"`])\/\/[^\n]*/g, '$1'),
    }));
}

/** Every table access of a module's files. */
function accessesOf(module: string): Access[] {
  const dir = join(MODULES_DIR, module);
  const out: Access[] = [];
  for (const name of readdirSync(dir)) {
    const file = `${module}/${name}`;
    const text = readFileSync(join(dir, name), 'utf8');
    if (name.endsWith('.sql')) {
      out.push(...sqlAccesses(text, file));
      continue;
    }
    if (!name.endsWith('.ts')) continue;
    const code = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/[^\n]*/g, '$1');
    for (const m of code.matchAll(KYSELY)) {
      if (owner.has(m[2]!)) out.push({ table: m[2]!, write: KYSELY_WRITES.has(m[1]!), file });
    }
    for (const template of sqlTemplates(code)) out.push(...sqlAccesses(template, file));
  }
  return out;
}

const modules = readdirSync(MODULES_DIR, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort();

describe('table ownership', () => {
  it('names an owner for every module folder', () => {
    expect(modules.filter((m) => !(m in tableOwners))).toEqual([]);
  });

  it('sees the SQL it checks (a scanner that finds nothing would pass everything)', () => {
    const ordering = accessesOf('ordering');
    expect(ordering.some((a) => a.table === 'orders' && a.write)).toBe(true);
    expect(ordering.some((a) => a.table === 'campaign_lines' && a.write && a.file.endsWith('.sql'))).toBe(true);
    expect(accessesOf('payment').some((a) => a.table === 'outbox' && a.write)).toBe(true);
    expect(sqlAccesses('update orders set x = 1 -- from refunds', 'f')).toEqual([{ table: 'orders', write: true, file: 'f' }]);
  });

  it('sees every table by name (a table held in a variable would hide a read from this test)', () => {
    const hidden = modules.flatMap((module) =>
      codeOf(module).flatMap(({ file, code }) => [...code.matchAll(KYSELY_DYNAMIC)].map((m) => `${file}: ${m[0]}`)),
    );
    expect(hidden).toEqual([]);
  });

  it('lets a module write only its own tables, and the shared writes listed with their reasons', () => {
    const allowed = new Set(sharedWrites.map((w) => `${w.module} ${w.table}`));
    const violations: string[] = [];
    const used = new Set<string>();
    for (const module of modules) {
      for (const a of accessesOf(module)) {
        if (!a.write || owner.get(a.table) === module) continue;
        const key = `${module} ${a.table}`;
        if (allowed.has(key)) used.add(key);
        else violations.push(`${a.file} writes ${a.table}, owned by ${owner.get(a.table)}`);
      }
    }
    expect(violations).toEqual([]);
    expect([...allowed].filter((k) => !used.has(k))).toEqual([]);
  });

  it("lets a file read another module's tables only where listed, and the list only shrinks", () => {
    const seen = new Map<string, Set<string>>();
    for (const module of modules) {
      for (const a of accessesOf(module)) {
        const tableOwner = owner.get(a.table);
        if (a.write || tableOwner === module || tableOwner === 'platform') continue;
        if (!seen.has(a.file)) seen.set(a.file, new Set());
        seen.get(a.file)!.add(a.table);
      }
    }
    const current = Object.fromEntries([...seen].sort().map(([file, tables]) => [file, [...tables].sort()]));
    if (process.env.LIST_CROSS_READS) console.log(JSON.stringify(current, null, 1));
    const unlisted = Object.entries(current).flatMap(([file, tables]) =>
      tables
        .filter((t) => !crossReads[file]?.reads.includes(t))
        .map((t) => `${file} reads ${t}, owned by ${owner.get(t)}: call its query functions`),
    );
    expect(unlisted).toEqual([]);
    const stale = Object.entries(crossReads).flatMap(([file, { reads }]) =>
      reads.filter((t) => !current[file]?.includes(t)).map((t) => `${file} no longer reads ${t}: take it off the list`),
    );
    expect(stale).toEqual([]);
  });

  it("allows cross-module joins only in named reports and checkout's statements (one order, a batch), each with its reason", () => {
    const odd = Object.entries(crossReads)
      .filter(([file, { why }]) => !/[.]report[.]ts$|^ordering[/]place-orders?[.]sql$/.test(file) || why.trim() === '')
      .map(([file]) => file);
    expect(odd).toEqual([]);
  });

  describe('against the database', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp();
    });
    afterAll(async () => t.close());

    it('gives every table of the migrated schema exactly one owner', async () => {
      const { rows } = await sql<{ table_name: string }>`
        select table_name from information_schema.tables
        where table_schema = current_schema() and table_type = 'BASE TABLE' order by table_name`.execute(t.ctx.db);
      const tables = rows.map((r) => r.table_name);
      expect(tables.filter((name) => !owner.has(name))).toEqual([]);
      expect([...owner.keys()].filter((name) => !tables.includes(name))).toEqual([]);
      const all = Object.values(tableOwners).flat();
      expect(all.length).toBe(new Set(all).size);
    });
  });
});
