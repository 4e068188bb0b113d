import { admin } from '@linli/contracts';
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import dayjs from 'dayjs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { pageOf, renderSection, stubApi } from './admin-sections-harness.tsx';
import CampaignsPage from '../src/areas/admin/campaigns/CampaignsPage.tsx';
import { campaignTotals } from '../src/areas/admin/campaigns/CampaignDetail.tsx';
import {
  type Campaign,
  createBody,
  crossIssues,
  fieldOfIssue,
  initialValues,
  locksFor,
  updateBody,
} from '../src/areas/admin/campaigns/editRules.ts';
import { discountText } from '../src/areas/admin/campaigns/LinesEditor.tsx';

const at = '2026-11-22T01:00:00.000Z';
const inHours = (h: number) => new Date(Date.now() + h * 3600_000).toISOString();
const campaign = (over: Partial<Campaign> = {}): Campaign =>
  admin.Campaign.parse({
    id: 'cmp_1',
    title: '宁乡花猪肉',
    description: '当日分割冷鲜配送',
    status: 'open',
    opensAt: inHours(-2),
    cutoffAt: inHours(6),
    pickupDate: dayjs().add(2, 'day').format('YYYY-MM-DD'),
    minTotalQuantity: 30,
    leaderScope: 'all',
    createdAt: at,
    updatedAt: at,
    closedAt: null,
    cancelledAt: null,
    cancelReason: null,
    lines: [
      {
        id: 'cl_1',
        skuId: 'sku_1',
        productName: '五花肉',
        spec: '500g',
        unit: '盒',
        groupPriceFen: 2590,
        listPriceFen: 2990,
        stockTotal: 100,
        reserved: 12,
        stockLeft: 88,
        perResidentLimit: 5,
      },
      {
        id: 'cl_2',
        skuId: 'sku_2',
        productName: '肋排',
        spec: '500g',
        unit: '盒',
        groupPriceFen: 3490,
        listPriceFen: 3990,
        stockTotal: null,
        reserved: 7,
        stockLeft: null,
        perResidentLimit: null,
      },
    ],
    ...over,
  });

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('campaign edit rules', () => {
  it('locks what the server refuses to change in each state', () => {
    expect(locksFor(campaign({ status: 'draft' }))).toMatchObject({
      editable: true,
      opensAt: false,
      pickupDate: false,
      linesFixed: false,
      cutoffNotBefore: null,
    });
    expect(locksFor(campaign({ status: 'scheduled' })).linesFixed).toBe(false);
    const c = campaign();
    const now = dayjs(c.cutoffAt).subtract(3, 'hour');
    const open = locksFor(c, now);
    expect(open).toMatchObject({
      editable: true,
      opensAt: true,
      pickupDate: true,
      minTotalQuantity: true,
      linesFixed: true,
      keptLeaders: 'all',
    });
    // An open campaign's cutoff may come forward to any time still ahead, not only move later.
    expect(open.cutoffNotBefore?.toISOString()).toBe(now.toISOString());
    expect(locksFor(campaign({ status: 'closed' })).editable).toBe(false);
    expect(locksFor(campaign({ status: 'cancelled' })).editable).toBe(false);
  });

  it('sends yuan as fen, an unlimited line as null stock, an empty limit as null', () => {
    const v = initialValues(undefined, dayjs('2026-11-22T10:00:00+08:00'));
    v.title = ' 周末水果节 ';
    v.lines = [
      {
        skuId: 'sku_9',
        productName: '橙',
        spec: '5斤',
        unit: '箱',
        listPriceFen: 3990,
        groupYuan: 29.9,
        unlimited: false,
        stockTotal: 200,
        perResidentLimit: null,
        reserved: 0,
      },
      {
        skuId: 'sku_8',
        productName: '柚',
        spec: '2个',
        unit: '袋',
        listPriceFen: 2500,
        groupYuan: 19.99,
        unlimited: true,
        stockTotal: 50,
        perResidentLimit: 2,
        reserved: 0,
      },
    ];
    const body = admin.CreateCampaign.parse(createBody(v));
    expect(body.title).toBe('周末水果节');
    expect(body.lines).toEqual([
      { skuId: 'sku_9', groupPriceFen: 2990, stockTotal: 200, perResidentLimit: null },
      { skuId: 'sku_8', groupPriceFen: 1999, stockTotal: null, perResidentLimit: 2 },
    ]);
    expect(body.pickupDate).toBe('2026-11-23');
    expect(crossIssues(v)).toEqual([]);
  });

  it('checks the cutoff after the opening and the pickup on or after the cutoff day (Asia/Shanghai)', () => {
    const v = initialValues(undefined);
    v.opensAt = dayjs('2026-11-22T20:00:00+08:00');
    v.cutoffAt = dayjs('2026-11-22T19:00:00+08:00');
    v.pickupDate = dayjs('2026-11-21');
    expect(crossIssues(v).map((i) => i.key)).toEqual(['rule.cutoffAfterOpen', 'rule.pickupAfterCutoff', 'rule.noLines']);
  });

  it('edits an open campaign with only what changed and may change', () => {
    const c = campaign();
    const v = initialValues(c);
    v.title = '宁乡花猪肉·加量';
    expect(updateBody(v, c)).toEqual({ title: '宁乡花猪肉·加量', description: c.description });
    v.lines[0]!.stockTotal = 150;
    v.cutoffAt = dayjs(c.cutoffAt).add(1, 'hour');
    const patch = admin.UpdateCampaign.parse(updateBody(v, c));
    expect(patch.cutoffAt).toBe(dayjs(c.cutoffAt).add(1, 'hour').toISOString());
    expect(patch.lines).toEqual([
      { skuId: 'sku_1', groupPriceFen: 2590, stockTotal: 150, perResidentLimit: 5 },
      { skuId: 'sku_2', groupPriceFen: 3490, stockTotal: null, perResidentLimit: null },
    ]);
    expect(patch.opensAt).toBeUndefined();
    expect(patch.pickupDate).toBeUndefined();
  });

  it("puts the server's issues on the fields they name", () => {
    expect(fieldOfIssue('body.lines.1.stockTotal')).toEqual(['lines', 1, 'stockTotal']);
    expect(fieldOfIssue('body.lines.0.groupPriceFen')).toEqual(['lines', 0, 'groupYuan']);
    expect(fieldOfIssue('body.leaderScope.3')).toEqual(['leaderIds']);
    expect(fieldOfIssue('body.pickupDate')).toEqual(['pickupDate']);
    expect(fieldOfIssue('body.status')).toBeNull();
  });

  it('adds up units and sales, and shows discounts', () => {
    expect(campaignTotals(campaign())).toEqual({ units: 19, salesFen: 12 * 2590 + 7 * 3490, percent: 63 });
    expect(discountText(2590, 2990, 'zh-CN')).toBe('8.6');
    expect(discountText(2590, 2990, 'en')).toBe('13');
    expect(discountText(2990, 2990, 'zh-CN')).toBeNull();
  });
});

describe('campaign screens', () => {
  it('lists campaigns filtered by status on the server', async () => {
    const { lines: _, ...summary } = campaign();
    const calls = stubApi({ 'GET admin/campaigns': () => admin.CampaignPage.parse(pageOf([summary])) });
    renderSection('campaigns', <CampaignsPage />);
    const row = (await screen.findAllByTestId('campaign-row'))[0]!;
    expect(within(row).getByText('进行中')).toBeTruthy();
    fireEvent.mouseDown(within(screen.getByTestId('campaign-status-filter')).getByRole('combobox'));
    fireEvent.click(await screen.findByTitle('草稿'));
    await waitFor(() => expect(calls.some((c) => c.query.get('status') === 'draft')).toBe(true));
  });

  it('shows an open campaign with what is locked and why, and saves only more stock', async () => {
    const c = campaign();
    const calls = stubApi({
      'GET admin/campaigns/cmp_1': () => c,
      'PATCH admin/campaigns/cmp_1': () => c,
    });
    renderSection('campaigns', <CampaignsPage />, '/campaigns/cmp_1/edit');
    expect(await screen.findByText(/只能修改标题、说明、截单时间/)).toBeTruthy();
    expect(screen.getByText('已开团，开团时间不能再改')).toBeTruthy();
    expect(screen.getByText('团员已按这个日期下单，不能改')).toBeTruthy();
    const prices = screen.getAllByTestId('line-group-price').map((el) => (el.tagName === 'INPUT' ? el : el.querySelector('input')!));
    expect(prices.every((p) => (p as HTMLInputElement).disabled)).toBe(true);
    const stock = screen.getAllByTestId('line-stock').map((el) => (el.tagName === 'INPUT' ? el : el.querySelector('input')!))[0]!;
    fireEvent.change(stock, { target: { value: '150' } });
    await act(async () => fireEvent.click(screen.getByTestId('campaign-save')));
    await waitFor(() => expect(calls.some((x) => x.method === 'PATCH')).toBe(true));
    const body = admin.UpdateCampaign.parse(calls.find((x) => x.method === 'PATCH')!.body);
    expect(Object.keys(body).sort()).toEqual(['description', 'lines', 'title']);
    expect(body.lines?.[0]?.stockTotal).toBe(150);
  });

  it('shows a refused field where it belongs', async () => {
    const c = campaign({ status: 'draft', opensAt: inHours(1) });
    stubApi({
      'GET admin/campaigns/cmp_1': () => c,
      'PATCH admin/campaigns/cmp_1': () => ({
        status: 400,
        body: {
          code: 'VALIDATION_FAILED',
          message: 'no',
          details: { issues: [{ path: 'body.lines.1.skuId', code: 'sku_inactive', message: 'x' }] },
        },
      }),
    });
    renderSection('campaigns', <CampaignsPage />, '/campaigns/cmp_1/edit');
    await act(async () => fireEvent.click(await screen.findByTestId('campaign-save')));
    expect(await screen.findByText('这个规格已停售')).toBeTruthy();
  });

  it('publishes a draft that opens later as scheduled', async () => {
    const c = campaign({ status: 'draft', opensAt: inHours(3) });
    const calls = stubApi({
      'GET admin/campaigns/cmp_1': () => c,
      'POST admin/campaigns/cmp_1/publish': () => ({ ...c, status: 'scheduled' }),
    });
    renderSection('campaigns', <CampaignsPage />, '/campaigns/cmp_1');
    const publish = await screen.findByTestId('campaign-publish');
    expect(publish.textContent).toContain('定时发布');
    fireEvent.click(publish);
    fireEvent.click(await screen.findByTestId('campaign-publish-confirm'));
    await waitFor(() => expect(calls.some((x) => x.path === 'admin/campaigns/cmp_1/publish')).toBe(true));
    expect(await screen.findByText(/将于 .* 开团/)).toBeTruthy();
    expect(screen.getAllByTestId('campaign-line-row')).toHaveLength(2);
  });
});
