import { admin, ledger } from '@linli/contracts';
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { pageOf, renderSection, stubApi } from './admin-sections-harness.tsx';
import FinancePage from '../src/areas/admin/finance/FinancePage.tsx';

const withdrawal = (id: string, amountFen: number, status = 'requested') =>
  ledger.Withdrawal.parse({
    id,
    leaderId: 'ldr_1',
    amountFen,
    feeFen: 0,
    netFen: amountFen,
    status,
    failureReason: null,
    requestedAt: '2026-11-22T06:20:00.000Z',
    decidedAt: null,
    finishedAt: null,
    payoutState: null,
    confirmation: null,
  });
const leader = (id: string, name: string) =>
  admin.Leader.parse({ id, name, phone: `1390000000${id.slice(-1)}`, status: 'active', level: 1, createdAt: '2026-11-01T00:00:00.000Z' });
const account = (id: string, code: string, partyKind: string, partyId: string, balanceFen: number) =>
  ledger.Account.parse({ id, code, title: code, partyKind, partyId, normalSide: 'credit', balanceFen });
const posting = (code: string, partyKind: string, partyId: string, debitFen: number, creditFen: number) => ({
  accountId: `acc_${code}`,
  code,
  partyKind,
  partyId,
  debitFen,
  creditFen,
  skuId: null,
});
const entry = (id: string, kind: string, documentType: string, documentId: string, reversesEntryId: string | null = null) =>
  ledger.Entry.parse({
    id,
    kind,
    documentType,
    documentId,
    memo: '',
    meta: {},
    occurredAt: '2026-11-22T01:15:00.000Z',
    recordedAt: '2026-11-22T01:15:01.000Z',
    reversesEntryId,
    postings: [posting('commission_expense', 'operator', 'op_1', 738, 0), posting('commission_pending', 'leader', 'ldr_1', 0, 738)],
  });
const policy = ledger.Policy.parse({
  commissionRateBp: 1000,
  releaseAfterHours: 48,
  withdrawalMinFen: 1000,
  withdrawalFeeBp: 0,
  withdrawalDailyLimitFen: 500_000,
});

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('admin finance', () => {
  it('lists withdrawals to approve a page at a time with the leader’s name (read from the leaders list), and approves one', async () => {
    const calls = stubApi({
      'GET admin/finance/withdrawals': () => ledger.WithdrawalPage.parse(pageOf([withdrawal('wdr_1', 2103), withdrawal('wdr_2', 1111)])),
      'GET admin/leaders': () => pageOf([leader('ldr_1', '叶丽')]),
      'POST admin/finance/withdrawals/wdr_1/approve': () => withdrawal('wdr_1', 2103, 'paid'),
    });
    renderSection('finance', <FinancePage />);
    const rows = await screen.findAllByTestId('withdrawal-row');
    expect(rows).toHaveLength(2);
    const asked = calls.find((c) => c.path === 'admin/finance/withdrawals')!.query;
    expect(Object.fromEntries(asked)).toEqual({ status: 'requested', page: '1', pageSize: '20' });
    expect(await within(rows[0]!).findByText('叶丽')).toBeTruthy();
    // a finance-only user may not read one leader: the names come from the list
    expect(calls.some((c) => c.path.startsWith('admin/leaders/'))).toBe(false);
    expect(screen.getByText('待审核 2 笔，共 ¥32.14')).toBeTruthy();
    fireEvent.click(within(rows[0]!).getByTestId('withdrawal-approve'));
    await act(async () => fireEvent.click(await screen.findByText('确 定')));
    await waitFor(() => expect(calls.some((c) => c.method === 'POST' && c.path.endsWith('wdr_1/approve'))).toBe(true));
  });

  it('shows the transfer’s state of a payout under way (WeChat Pay waiting for the leader to accept)', async () => {
    stubApi({
      'GET admin/finance/withdrawals': () =>
        ledger.WithdrawalPage.parse(
          pageOf([
            {
              ...withdrawal('wdr_3', 1500, 'approved'),
              payoutState: 'WAIT_USER_CONFIRM',
              confirmation: { mchId: '1900000001', appId: 'wxd678efh567hg6787', package: 'pkg==' },
            },
          ]),
        ),
      'GET admin/leaders': () => pageOf([leader('ldr_1', '叶丽')]),
    });
    renderSection('finance', <FinancePage />);
    const [row] = await screen.findAllByTestId('withdrawal-row');
    expect(within(row!).getByTestId('withdrawal-payout-state').textContent).toBe('待团长确认收款');
  });

  it('filters withdrawals by leader and status on the server; a longer list sums only the page it shows', async () => {
    const calls = stubApi({
      'GET admin/finance/withdrawals': ({ query }) =>
        ledger.WithdrawalPage.parse(pageOf(query.get('status') === 'paid' ? [] : [withdrawal('wdr_1', 2103)], 45)),
      'GET admin/leaders': ({ query }) => pageOf(query.get('name') === '叶' || !query.get('name') ? [leader('ldr_1', '叶丽')] : []),
    });
    renderSection('finance', <FinancePage />);
    await screen.findAllByTestId('withdrawal-row');
    expect(screen.getByTestId('withdrawal-waiting').textContent).toBe('待审核 45 笔，本页 ¥21.03');
    const select = screen.getByTestId('party-select');
    fireEvent.mouseDown(within(select).getByRole('combobox'));
    fireEvent.change(within(select).getByRole('combobox'), { target: { value: '叶' } });
    fireEvent.click(await screen.findByText('叶丽 · 0001'));
    await waitFor(() =>
      expect(calls.some((c) => c.path === 'admin/finance/withdrawals' && c.query.get('leaderId') === 'ldr_1')).toBe(true),
    );
    fireEvent.click(screen.getByText('已到账'));
    await waitFor(() =>
      expect(
        calls.some(
          (c) => c.path === 'admin/finance/withdrawals' && c.query.get('status') === 'paid' && c.query.get('leaderId') === 'ldr_1',
        ),
      ).toBe(true),
    );
    expect(await screen.findByText('没有提现申请')).toBeTruthy();
  });

  it('finds a leader by name for a statement and shows the figures and a page of lines; a line opens its document', async () => {
    const calls = stubApi({
      'GET admin/leaders': ({ query }) => pageOf(['沈', null].includes(query.get('name')) ? [leader('ldr_9', '沈杰')] : []),
      'GET admin/finance/leaders/ldr_9/statement': ({ query }) =>
        ledger.LeaderStatement.parse({
          leaderId: 'ldr_9',
          leaderName: '沈杰',
          from: null,
          to: null,
          orders: 5,
          salesFen: 11110,
          accruedFen: 2965,
          clawedBackFen: 1854,
          deductedFen: 0,
          adjustedFen: 0,
          helpSellSellerFen: 0,
          helpSellPublisherFen: 0,
          releasedFen: 1111,
          paidFen: 0,
          pendingFen: 0,
          availableFen: 0,
          withdrawingFen: 1111,
          lines: [
            {
              entryId: 'jre_1',
              occurredAt: '2026-11-22T01:15:00.000Z',
              kind: 'commission_clawback',
              documentType: 'refund',
              documentId: 'rfd_7',
              memo: '',
              meta: {},
              account: 'commission_pending',
              amountFen: -738,
            },
          ],
          total: 41,
          page: Number(query.get('page')),
          pageSize: Number(query.get('pageSize')),
        }),
      'GET admin/finance/entries': () => ledger.EntryPage.parse(pageOf([])),
    });
    renderSection('finance', <FinancePage />, '/finance?tab=statements');
    const select = await screen.findByTestId('party-select');
    fireEvent.mouseDown(within(select).getByRole('combobox'));
    fireEvent.change(within(select).getByRole('combobox'), { target: { value: '沈' } });
    fireEvent.click(await screen.findByText('沈杰 · 0009'));
    expect(await screen.findByTestId('statement-line')).toBeTruthy();
    expect(screen.getByText('¥111.10')).toBeTruthy();
    expect(screen.getByText('-¥7.38')).toBeTruthy();
    // The server pages the lines: the table asks for the first page and counts them all.
    const asked = calls.find((c) => c.path === 'admin/finance/leaders/ldr_9/statement')!.query;
    expect([asked.get('page'), asked.get('pageSize')]).toEqual(['1', '20']);
    expect(screen.getByText('共 41 条')).toBeTruthy();
    fireEvent.click(screen.getByText('退款单 rfd_7'));
    expect(await screen.findByText('该单据没有分录')).toBeTruthy();
    expect(calls.find((c) => c.path === 'admin/finance/entries')!.query.get('documentId')).toBe('rfd_7');
  });

  it('pages the accounts on the server and shows the totals of every matching account; filters by party and code', async () => {
    const calls = stubApi({
      'GET admin/finance/accounts': ({ query }) =>
        ledger.AccountPage.parse(
          query.get('partyKind') === 'operator'
            ? {
                ...pageOf([account('acc_1', 'sales', 'operator', 'op_1', 123_456)], 12),
                totals: [
                  { code: 'payment_clearing', title: 'x', balanceFen: 10_000, accounts: 1 },
                  { code: 'sales', title: 'x', balanceFen: 123_456, accounts: 1 },
                ],
              }
            : {
                ...pageOf([account('acc_2', 'supplier_payable', 'supplier', 'sup_1', 8_800)], 61),
                totals: [{ code: 'supplier_payable', title: 'x', balanceFen: 99_900, accounts: 61 }],
              },
        ),
      'GET admin/suppliers': () => pageOf([{ id: 'sup_1', name: '长沙果蔬批发' }]),
    });
    renderSection('finance', <FinancePage />, '/finance?tab=accounts');
    expect(await screen.findAllByTestId('account-row')).toHaveLength(1);
    const first = calls.find((c) => c.path === 'admin/finance/accounts')!.query;
    expect(Object.fromEntries(first)).toEqual({ partyKind: 'operator', page: '1', pageSize: '20' });
    const cards = screen.getAllByTestId('account-total');
    expect(cards).toHaveLength(6);
    expect(cards[1]!.textContent).toContain('¥1234.56');
    expect(cards[2]!.textContent).toContain('—');

    fireEvent.click(screen.getByText('供应商'));
    expect(await screen.findByText('¥999.00')).toBeTruthy();
    expect(screen.getByText('61 个账户')).toBeTruthy();
    expect(await screen.findByText('长沙果蔬批发')).toBeTruthy();
    expect(screen.getByText('共 61 条')).toBeTruthy();
    fireEvent.mouseDown(within(screen.getByTestId('accounts-code')).getByRole('combobox'));
    fireEvent.click(await screen.findByTitle('应付供应商'));
    await waitFor(() =>
      expect(
        calls.some(
          (c) =>
            c.path === 'admin/finance/accounts' && c.query.get('partyKind') === 'supplier' && c.query.get('code') === 'supplier_payable',
        ),
      ).toBe(true),
    );
  });

  it('lists the journal newest first with the filters of the URL, and opens a document’s entries to reverse one', async () => {
    const calls = stubApi({
      'GET admin/finance/entries': ({ query }) =>
        ledger.EntryPage.parse(
          query.get('documentId') === 'rfd_7'
            ? pageOf([
                entry('jre_1', 'commission_clawback', 'refund', 'rfd_7'),
                entry('jre_2', 'commission_accrual', 'refund', 'rfd_7'),
                entry('jre_3', 'commission_accrual', 'refund', 'rfd_7', 'jre_2'),
              ])
            : pageOf([entry('jre_1', 'commission_clawback', 'refund', 'rfd_7')], 340),
        ),
      'GET admin/leaders': () => pageOf([leader('ldr_1', '叶丽')]),
    });
    renderSection(
      'finance',
      <FinancePage />,
      '/finance?tab=journal&from=2026-11-01&to=2026-11-22&dateOf=recorded&partyKind=leader&partyId=ldr_1&code=bogus',
    );
    const rows = await screen.findAllByTestId('entry-row');
    expect(rows).toHaveLength(1);
    const asked = Object.fromEntries(calls.find((c) => c.path === 'admin/finance/entries')!.query);
    expect(asked).toEqual({
      from: '2026-11-01',
      to: '2026-11-22',
      dateOf: 'recorded',
      partyKind: 'leader',
      partyId: 'ldr_1',
      page: '1',
      pageSize: '20',
    });
    expect(within(rows[0]!).getByText('¥7.38')).toBeTruthy();
    expect(within(rows[0]!).getByText('借 团长佣金支出 · 贷 待结算佣金')).toBeTruthy();
    expect(screen.getByText('共 340 条')).toBeTruthy();
    expect(screen.queryByTestId('entry-reverse')).toBeNull();

    fireEvent.mouseDown(within(screen.getByTestId('journal-kind')).getByRole('combobox'));
    fireEvent.click(await screen.findByTitle('佣金冲回'));
    await waitFor(() =>
      expect(calls.some((c) => c.path === 'admin/finance/entries' && c.query.get('kind') === 'commission_clawback')).toBe(true),
    );

    fireEvent.click(within(rows[0]!).getByText('退款单 rfd_7'));
    await waitFor(() => expect(screen.getAllByTestId('entry-row')).toHaveLength(3));
    const doc = Object.fromEntries(calls.filter((c) => c.path === 'admin/finance/entries').at(-1)!.query);
    expect(doc).toEqual({ documentType: 'refund', documentId: 'rfd_7', page: '1', pageSize: '20' });
    expect(screen.getAllByTestId('entry-postings')).toHaveLength(3);
    expect((await screen.findAllByText('叶丽')).length).toBe(3);
    // jre_2 is reversed by jre_3: only jre_1 may still be reversed
    expect(screen.getAllByTestId('entry-reverse')).toHaveLength(1);
    expect(screen.getByText('已冲销')).toBeTruthy();
    expect(screen.getByTestId('journal-document').textContent).toContain('退款单 rfd_7');
  });

  it('edits the policy in % and yuan and sends basis points and fen', async () => {
    const calls = stubApi({
      'GET admin/finance/policy': () => policy,
      'GET admin/finance/commission-rules': () => ({ items: [] }),
      'PATCH admin/finance/policy': ({ body }) => ({ ...policy, ...(body as object) }),
    });
    renderSection('finance', <FinancePage />, '/finance?tab=policy');
    const min = await screen.findByTestId('policy-min');
    expect((min as HTMLInputElement).value).toBe('10.00');
    expect((screen.getByTestId('policy-commission') as HTMLInputElement).value).toBe('10.00');
    fireEvent.change(min, { target: { value: '0' } });
    fireEvent.click(screen.getByTestId('policy-save'));
    expect(await screen.findByText('不能小于 ¥0.01')).toBeTruthy();
    expect(calls.some((c) => c.method === 'PATCH')).toBe(false);

    fireEvent.change(min, { target: { value: '20' } });
    fireEvent.change(screen.getByTestId('policy-fee'), { target: { value: '0.6' } });
    fireEvent.change(screen.getByTestId('policy-commission'), { target: { value: '12.5' } });
    await act(async () => fireEvent.click(screen.getByTestId('policy-save')));
    await waitFor(() => expect(calls.some((c) => c.method === 'PATCH')).toBe(true));
    expect(ledger.UpdatePolicy.parse(calls.find((c) => c.method === 'PATCH')!.body)).toEqual({
      commissionRateBp: 1250,
      releaseAfterHours: 48,
      withdrawalMinFen: 2000,
      withdrawalFeeBp: 60,
      withdrawalDailyLimitFen: 500_000,
    });
  });

  it('shows what reconciliation checked and opens the journal on a document with a difference', async () => {
    const calls = stubApi({
      'GET admin/finance/reconciliation': ({ query }) =>
        ledger.Reconciliation.parse({
          date: query.get('date'),
          ok: false,
          checks: [
            { name: 'account_balances', ok: true, expectedFen: 0, ledgerFen: 0, mismatches: [] },
            {
              name: 'clearing',
              ok: false,
              expectedFen: 10_000,
              ledgerFen: 9_000,
              mismatches: [{ documentType: 'payment', documentId: 'pay_1', expectedFen: 1000, ledgerFen: 0 }],
            },
            { name: 'commission', ok: true, expectedFen: 500, ledgerFen: 500, mismatches: [] },
          ],
        }),
      'GET admin/finance/entries': () => ledger.EntryPage.parse(pageOf([])),
    });
    renderSection('finance', <FinancePage />, '/finance?tab=reconciliation');
    const status = await screen.findByTestId('reconciliation-status');
    expect(status.textContent).toContain('存在差异');
    expect(screen.getByText('当日收款 − 退款 = 支付清算变动')).toBeTruthy();
    expect(screen.getAllByText('-¥10.00').length).toBeGreaterThan(0);
    fireEvent.click(await screen.findByText('支付 pay_1'));
    expect(await screen.findByText('该单据没有分录')).toBeTruthy();
    const entries = calls.find((c) => c.path === 'admin/finance/entries')!;
    expect(entries.query.get('documentType')).toBe('payment');
    expect(entries.query.get('documentId')).toBe('pay_1');
  });

  it('asks the P&L of the period once, draws its days, and exports it as one workbook', async () => {
    const figures = (gmv: number) => ({
      gmvFen: gmv,
      refundsFen: 0,
      netRevenueFen: gmv,
      costOfGoodsFen: 0,
      commissionFen: 0,
      grossMarginFen: gmv,
    });
    const headline = (gmv: number) => ({
      ...figures(gmv),
      logisticsFen: 0,
      marketingFen: 0,
      recoveriesFen: 0,
      withdrawalFeesFen: 0,
      contributionFen: gmv,
    });
    let release: () => void = () => undefined;
    const calls = stubApi({
      'GET admin/finance/pnl': ({ query }) =>
        ledger.Pnl.parse({
          from: query.get('from'),
          to: query.get('to'),
          view: query.get('view'),
          ...headline(350),
          bySku: [{ skuId: 'sku_1', skuName: '香蕉 1kg', categoryId: 'cat_1', categoryName: '水果', ...figures(350), marketingFen: 0 }],
          byCategory: [{ categoryId: 'cat_1', categoryName: '水果', ...figures(350), marketingFen: 0 }],
          days: [
            { date: '2026-11-22', ...headline(100) },
            { date: '2026-11-23', ...headline(250) },
          ],
        }),
    });
    const fetchJson = globalThis.fetch;
    vi.stubGlobal('fetch', async (input: string, init?: RequestInit) => {
      if (!input.includes('/pnl/export')) return fetchJson(input, init);
      calls.push({ method: 'GET', path: 'admin/finance/pnl/export', query: new URL(input, 'http://x').searchParams, body: undefined });
      await new Promise<void>((r) => {
        release = r;
      });
      return new Response(new Blob(['xlsx']));
    });
    URL.createObjectURL = () => 'blob:x';
    URL.revokeObjectURL = () => undefined;
    renderSection('finance', <FinancePage />, '/finance?tab=pnl&from=2026-11-22&to=2026-11-23');
    // GMV, net revenue, gross margin and contribution of the period; the category and SKU rows.
    expect((await screen.findAllByText('¥3.50', undefined, { timeout: 5000 })).length).toBeGreaterThanOrEqual(4);
    expect(screen.getByTestId('pnl-chart')).toBeTruthy();
    expect(screen.getByTestId('pnl-trend')).toBeTruthy();
    expect(screen.getByTestId('pnl-category')).toBeTruthy();
    expect(screen.getAllByText('水果').length).toBeGreaterThan(0);
    const asked = calls.filter((c) => c.path === 'admin/finance/pnl');
    expect(asked.map((c) => [c.query.get('from'), c.query.get('to'), c.query.get('date')])).toEqual([['2026-11-22', '2026-11-23', null]]);

    fireEvent.click(screen.getByTestId('pnl-export'));
    expect(await screen.findByText('正在导出…')).toBeTruthy();
    await act(async () => release());
    expect(await screen.findByText('已导出 Excel')).toBeTruthy();
    const exported = calls.filter((c) => c.path.endsWith('pnl/export'));
    expect(exported.map((c) => [c.query.get('from'), c.query.get('to'), c.query.get('view')])).toEqual([
      ['2026-11-22', '2026-11-23', 'batch'],
    ]);

    // By batch (pickup date) unless chosen otherwise: the booking-date view asks again with its view.
    expect(asked.map((c) => c.query.get('view'))).toEqual(['batch']);
    expect(screen.getByText('按提货日（批次）')).toBeTruthy();
    fireEvent.click(screen.getByText('按记账日'));
    await waitFor(() =>
      expect(calls.filter((c) => c.path === 'admin/finance/pnl').map((c) => c.query.get('view'))).toEqual(['batch', 'booked']),
    );
    fireEvent.click(screen.getByText('按现金'));
    await waitFor(() =>
      expect(calls.filter((c) => c.path === 'admin/finance/pnl').map((c) => c.query.get('view'))).toEqual(['batch', 'booked', 'cash']),
    );
  });

  it('shows the last 7 days for a link naming a period backwards, and a server error with a retry', async () => {
    const calls = stubApi({
      'GET admin/finance/pnl': () => ({ status: 500, body: { code: 'INTERNAL', message: 'internal error', details: {} } }),
    });
    renderSection('finance', <FinancePage />, '/finance?tab=pnl&from=2026-11-23&to=2026-11-01');
    expect(await screen.findByTestId('load-error', undefined, { timeout: 5000 })).toBeTruthy();
    const asked = calls.find((c) => c.path === 'admin/finance/pnl')!;
    const from = asked.query.get('from')!;
    const to = asked.query.get('to')!;
    expect((Date.parse(to) - Date.parse(from)) / 86_400_000).toBe(6);
  });
});
