import i18n from 'i18next';
import { describe, expect, it } from 'vitest';
import './admin-sections-harness.tsx';
import '../src/areas/admin/campaigns/locales.ts';
import '../src/areas/admin/catalog/locales.ts';
import '../src/areas/admin/dashboard/locales.ts';
import '../src/areas/admin/dispatch/locales.ts';
import '../src/areas/admin/leaders/locales.ts';
import '../src/areas/admin/purchasing/locales.ts';
import '../src/areas/admin/sorting/locales.ts';
import '../src/areas/admin/warehouse/locales.ts';

const namespaces = ['campaigns', 'catalog', 'dashboard', 'dispatch', 'leaders', 'purchasing', 'sorting', 'warehouse'];

/** Every key of a bundle, dotted. */
function keys(o: Record<string, unknown>, prefix = ''): string[] {
  return Object.entries(o).flatMap(([k, v]) =>
    v && typeof v === 'object' ? keys(v as Record<string, unknown>, `${prefix}${k}.`) : [`${prefix}${k}`],
  );
}

describe('English counts in the admin sections', () => {
  it('say one thing and several things', () => {
    const en = i18n.getFixedT('en', 'sorting');
    expect(en('unrouted', { count: 1 })).toMatch(/^1 pickup point is on no route yet/);
    expect(en('unrouted', { count: 3 })).toMatch(/^3 pickup points are on no route yet/);
    expect(i18n.getFixedT('en', 'warehouse')('result.waiting', { count: 1 })).toMatch(/^1 purchase order of the day is still/);
    expect(i18n.getFixedT('en', 'dashboard')('closing.orders', { count: 1 })).toBe('1 order');
    expect(i18n.getFixedT('en', 'dashboard')('closing.orders', { count: 0 })).toBe('0 orders');
  });

  it('keep the one Chinese string for any count', () => {
    expect(i18n.getFixedT('zh-CN', 'sorting')('unrouted', { count: 1 })).toMatch(/^1 个自提点尚未排线/);
    expect(i18n.getFixedT('zh-CN', 'warehouse')('form.submitted', { count: 2 })).toBe('已登记 2 个品项');
  });

  it('have both forms wherever English has one, and a Chinese string for each', () => {
    for (const ns of namespaces) {
      const en = keys(i18n.getResourceBundle('en', ns));
      const zh = new Set(keys(i18n.getResourceBundle('zh-CN', ns)));
      for (const k of en.filter((k) => k.endsWith('_one'))) {
        const base = k.slice(0, -'_one'.length);
        expect(en, `${ns}:${base}`).toContain(`${base}_other`);
        expect(zh.has(base) || zh.has(`${base}_other`), `${ns}:${base} in Chinese`).toBe(true);
      }
    }
  });
});
