/**
 * Every translation key the web source uses statically (`t('…')`, `i18n.t('…')`, `i18nKey="…"`)
 * exists in both zh-CN and English, every namespace holds the same keys in both languages, and
 * each entry (an area's `main.tsx`, an admin section's page) registers every namespace its code
 * uses, since a lazily loaded section's strings exist only once its `locales.ts` has run.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import i18n from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { adminLocales } from '../src/areas/admin/locales.ts';
import { type Resources, addNamespace, initI18n } from '../src/common/i18n.ts';

const src = resolve(import.meta.dirname, '../src');
const areas = ['shop', 'leader', 'driver', 'supplier', 'admin'];
/** Namespaces every area has from the start (`initI18n`). */
const alwaysThere = new Set(['common', 'errors']);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(name) ? [path] : [];
  });
}
const files = sourceFiles(src);
const text = new Map(files.map((f) => [f, readFileSync(f, 'utf8')]));
const rel = (f: string) => relative(src, f);

/** The area a file belongs to (its default namespace), or undefined for shared code. */
const areaOf = (f: string) => rel(f).match(/^areas\/(\w+)\//)?.[1];

interface Use {
  file: string;
  ns: string;
  key: string;
}

/**
 * The keys a file uses, each with the namespace it resolves in: the `ns:` prefix, else the first
 * namespace of the nearest `useTranslation` above it (a file may hold components of several namespaces).
 */
function usesIn(file: string): Use[] {
  const code = text.get(file) ?? '';
  const hooks = [...code.matchAll(/useTranslation\(\s*(?:'([^']+)'|\[\s*'([^']+)'[^\]]*\])?\s*\)/g)].map((m) => ({
    at: m.index,
    ns: m[1] ?? m[2] ?? areaOf(file) ?? 'common',
  }));
  const nsAt = (at: number) => hooks.filter((h) => h.at < at).at(-1)?.ns ?? hooks[0]?.ns ?? areaOf(file) ?? 'common';
  const keys = [
    ...code.matchAll(/\bt\(\s*(?:'([^'\n]+)'|"([^"\n]+)"|`([^`$\n]+)`)/g),
    ...code.matchAll(/i18nKey=(?:"([^"]+)"|'([^']+)'|\{'([^']+)'\})/g),
  ].map((m) => ({ raw: m[1] ?? m[2] ?? m[3] ?? '', at: m.index }));
  return keys.map(({ raw, at }) => {
    const prefixed = raw.match(/^(\w+):(.+)$/);
    if (prefixed?.[1] && prefixed[2]) return { file, ns: prefixed[1], key: prefixed[2] };
    return { file, ns: nsAt(at), key: raw };
  });
}

const plural = /_(zero|one|two|few|many|other)$/;

function flatten(value: unknown, prefix = ''): string[] {
  if (value === null || typeof value !== 'object') return [prefix];
  return Object.entries(value).flatMap(([k, v]) => flatten(v, prefix ? `${prefix}.${k}` : k));
}

function has(lng: string, ns: string, key: string): boolean {
  const bundle = i18n.getResourceBundle(lng, ns) as Record<string, unknown> | undefined;
  if (!bundle) return false;
  const keys = new Set(flatten(bundle));
  return keys.has(key) || keys.has(`${key}_other`) || [...keys].some((k) => k.startsWith(`${key}.`));
}

/** Which namespace each module registers (`addNamespace('ns', …)`, `start…Area('area', …)`). */
const registers = new Map<string, string>();
for (const [file, code] of text) {
  for (const m of code.matchAll(/(?:addNamespace|start(?:Mobile|Desktop)Area)\(\s*'(\w+)'/g)) if (m[1]) registers.set(file, m[1]);
}

function importsOf(file: string): string[] {
  const code = text.get(file) ?? '';
  const specs = [...code.matchAll(/(?:from\s+|import\s*\(\s*|import\s+)'(\.[^']+)'/g)].map((m) => m[1] ?? '');
  return specs.map((s) => resolve(dirname(file), s)).filter((f) => text.has(f));
}

function closure(entry: string): Set<string> {
  const seen = new Set<string>();
  const queue = [entry];
  while (queue.length) {
    const f = queue.pop() as string;
    if (seen.has(f)) continue;
    seen.add(f);
    queue.push(...importsOf(f));
  }
  return seen;
}

/** An area's entry (`main.tsx`) and the admin sections' pages (each its own lazily loaded chunk). */
const entries = [
  ...areas.map((a) => join(src, 'areas', a, 'main.tsx')),
  ...[...(text.get(join(src, 'areas/admin/sections.tsx')) ?? '').matchAll(/import\('(\.[^']+)'\)/g)].map((m) =>
    resolve(join(src, 'areas/admin'), m[1] ?? ''),
  ),
];

beforeAll(async () => {
  initI18n('admin', adminLocales);
  const modules = import.meta.glob('../src/areas/**/*ocales.ts');
  for (const load of Object.values(modules)) await load();
  for (const area of ['shop', 'leader', 'driver', 'supplier']) {
    const mod = (await import(`../src/areas/${area}/locales.ts`)) as Record<string, Resources>;
    const resources = Object.values(mod).find((v) => v && typeof v === 'object' && 'en' in v && 'zh-CN' in v);
    if (resources) addNamespace(area, resources);
  }
});

describe('translation keys', () => {
  it('finds the keys and the entries it checks', () => {
    expect(files.flatMap(usesIn).length).toBeGreaterThan(500);
    expect(entries.length).toBeGreaterThan(10);
    for (const e of entries) expect(text.has(e), rel(e)).toBe(true);
  });

  it('has every key the source uses in both zh-CN and English', () => {
    const missing = files
      .flatMap(usesIn)
      .flatMap((u) => ['zh-CN', 'en'].filter((lng) => !has(lng, u.ns, u.key)).map((lng) => `${lng} ${u.ns}:${u.key} (${rel(u.file)})`));
    expect([...new Set(missing)]).toEqual([]);
  });

  it('has the same keys in zh-CN and English in every namespace', () => {
    const namespaces = Object.keys(i18n.store.data.en ?? {});
    expect(namespaces.length).toBeGreaterThan(15);
    const differences = namespaces.flatMap((ns) => {
      const zh = new Set(flatten(i18n.getResourceBundle('zh-CN', ns)).map((k) => k.replace(plural, '')));
      const en = new Set(flatten(i18n.getResourceBundle('en', ns)).map((k) => k.replace(plural, '')));
      return [
        ...[...zh].filter((k) => !en.has(k)).map((k) => `only zh-CN ${ns}:${k}`),
        ...[...en].filter((k) => !zh.has(k)).map((k) => `only en ${ns}:${k}`),
      ];
    });
    expect(differences).toEqual([]);
  });

  it('registers every namespace an entry uses before its screens need it', () => {
    const unregistered = entries.flatMap((entry) => {
      const chunk = closure(entry);
      const registered = new Set([...alwaysThere, ...[...chunk].flatMap((f) => registers.get(f) ?? [])]);
      registered.add(areaOf(entry) ?? 'common');
      return [...chunk]
        .flatMap(usesIn)
        .filter((u) => !registered.has(u.ns))
        .map((u) => `${rel(entry)}: ${u.ns}:${u.key} (${rel(u.file)})`);
    });
    expect([...new Set(unregistered)]).toEqual([]);
  });
});
