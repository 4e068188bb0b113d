import { logistics } from '@linli/contracts';
import { act, cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderSection, stubApi } from './admin-sections-harness.tsx';
import { writeSession } from '../src/common/session.ts';
import SortingPage, { filterSheet, sheetStats } from '../src/areas/admin/sorting/SortingPage.tsx';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const line = (title: string, quantity: number) => ({ skuId: `sku_${title}`, title, quantity });
const sheet = logistics.SortingSheet.parse({
  deliveryDate: '2026-11-23',
  routes: [
    {
      routeId: 'rte_1',
      routeNo: 1,
      bundles: [
        {
          loadingPosition: 1,
          bundleId: 'bdl:2026-11-23:pp_b',
          stopSeq: 2,
          pickupPointId: 'pp_b',
          pickupPointName: '岳麓区·西湖社区便利店',
          crates: 2,
          lines: [line('黄瓜 500g', 2), line('鸡翅中 500g', 3)],
        },
        {
          loadingPosition: 2,
          bundleId: 'bdl:2026-11-23:pp_a',
          stopSeq: 1,
          pickupPointId: 'pp_a',
          pickupPointName: '天心区·先锋社区母婴店',
          crates: 1,
          lines: [line('黄瓜 500g', 1)],
        },
      ],
      picks: [line('黄瓜 500g', 3), line('鸡翅中 500g', 3)],
    },
    {
      routeId: null,
      routeNo: null,
      bundles: [
        {
          loadingPosition: 1,
          bundleId: 'bdl:2026-11-23:pp_c',
          stopSeq: null,
          pickupPointId: 'pp_c',
          pickupPointName: '天心区·坡子街社区便利店',
          crates: 1,
          lines: [line('番茄 500g', 4)],
        },
      ],
      picks: [line('番茄 500g', 4)],
    },
  ],
  skuTotals: [line('黄瓜 500g', 3), line('鸡翅中 500g', 3), line('番茄 500g', 4)],
});

describe('sorting sheet logic', () => {
  it('counts routes, pickup points, crates, units and the points on no route', () => {
    expect(sheetStats(sheet)).toEqual({ routes: 1, points: 3, crates: 4, units: 10, unrouted: 1 });
  });

  it('finds pickup points by name, dropping routes left without any', () => {
    const found = filterSheet(sheet, '天心区');
    expect(found.routes.map((r) => r.bundles.map((b) => b.pickupPointId))).toEqual([['pp_a'], ['pp_c']]);
    expect(filterSheet(sheet, '西湖').routes).toHaveLength(1);
    expect(filterSheet(sheet, '  ')).toBe(sheet);
  });
});

describe('sorting screen', () => {
  it('shows each route in loading order with its pull list, and warns about points on no route', async () => {
    const calls = stubApi({
      'GET admin/sorting': () => sheet,
      'GET admin/warehouses': () => ({ status: 403, body: { code: 'FORBIDDEN', message: '' } }),
    });
    renderSection('sorting', <SortingPage />);
    expect(await screen.findAllByTestId('sorting-route')).toHaveLength(2);
    expect(screen.getByText('线路 1')).toBeTruthy();
    expect(screen.getByText(/1 个自提点尚未排线/)).toBeTruthy();
    const bundles = screen.getAllByTestId('sorting-bundle');
    expect(bundles.map((b) => b.textContent?.includes('西湖'))).toEqual([true, false, false]);
    expect(calls.find((c) => c.path === 'admin/sorting')!.query.get('deliveryDate')).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('fetches the labels with the staff session and shows them in a frame to print', async () => {
    writeSession('admin', {
      token: 'tok_123',
      expiresAt: '2099-01-01T00:00:00.000Z',
      principal: { kind: 'staff', id: 'stf_1', operatorId: 'opr_1', name: '林晓', phone: '13800000000', roles: ['warehouse'] } as never,
    });
    stubApi({ 'GET admin/sorting': () => sheet, 'GET admin/warehouses': () => ({ items: [] }) });
    const served = globalThis.fetch;
    const seen: Array<Record<string, string>> = [];
    vi.stubGlobal('fetch', async (input: string, init?: RequestInit) => {
      if (String(input).includes('labels.html')) {
        seen.push((init?.headers ?? {}) as Record<string, string>);
        return new Response('<!doctype html><html><body><section class="label">天心区</section></body></html>', {
          headers: { 'content-type': 'text/html' },
        });
      }
      return served(input, init);
    });
    renderSection('sorting', <SortingPage />);
    await screen.findAllByTestId('sorting-route');
    await act(async () => fireEvent.click(screen.getByTestId('labels-print')));
    const frame = (await screen.findByTestId('labels-frame')) as HTMLIFrameElement;
    expect(frame.getAttribute('srcdoc')).toContain('class="label"');
    expect(seen[0]!.authorization).toBe('Bearer tok_123');
    await waitFor(() => expect(screen.getByTestId('labels-print-now')).toBeTruthy());
  });
});
