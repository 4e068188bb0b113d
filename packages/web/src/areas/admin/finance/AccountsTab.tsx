import * as ledger from '@linli/contracts/ledger';
import { Button, Card, Col, Empty, Row, Segmented, Select, Space, Statistic, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import type { z } from 'zod';
import { yuan } from '../../../common/format.ts';
import { useServerTable } from '../../../desktop/useServerTable.ts';
import { api } from '../api.ts';
import { codesOf } from './chart.ts';
import { type PartyKind, PartyName, PartySelect } from './ui.tsx';
import { LoadError } from '../../../desktop/LoadError.tsx';

type Account = z.infer<typeof ledger.Account>;
type AccountPage = z.infer<typeof ledger.AccountPage>;
type Kind = Account['partyKind'];
type Filters = { partyKind: Kind; partyId?: string | undefined; code?: string | undefined };

/** The operator's headline balances, above the table (every code's total once one is chosen). */
const headline = ['payment_clearing', 'sales', 'resident_refunds', 'cost_of_goods', 'commission_expense', 'logistics_cost'];

/** The sums by code of every account matching the filters, as cards. */
function Totals({ page, kind, code }: { page: AccountPage | undefined; kind: Kind; code: string | undefined }) {
  const { t } = useTranslation('finance');
  if (!page || page.totals.length === 0) return null;
  const shown =
    kind === 'operator' && !code
      ? headline.map((c) => page.totals.find((x) => x.code === c) ?? { code: c, title: c, balanceFen: null, accounts: 0 })
      : page.totals;
  return (
    <Row gutter={[12, 12]} style={{ marginBottom: 12 }}>
      {shown.map((x) => (
        <Col key={x.code} xs={12} md={8} xl={4}>
          <Card size="small" data-testid="account-total">
            <Statistic
              title={t(`account.${x.code}`, { defaultValue: x.title })}
              value={x.balanceFen === null ? '—' : yuan(x.balanceFen)}
              styles={{ content: { fontSize: 18 } }}
            />
            {kind !== 'operator' && <Typography.Text type="secondary">{t('accounts.count', { count: x.accounts })}</Typography.Text>}
          </Card>
        </Col>
      ))}
    </Row>
  );
}

/**
 * Ledger accounts with their balances (on the account's normal side), filtered by party and code
 * and paged by the server, with the totals of every matching account above. A party's row opens
 * its statement.
 */
export function AccountsTab() {
  const { t } = useTranslation('finance');
  const [, setParams] = useSearchParams();
  const [filters, setFilters] = useState<Filters>({ partyKind: 'operator' });
  const kind = filters.partyKind;
  const { query, tableProps } = useServerTable<Account, Filters>('finance-accounts', filters, (q) =>
    api.get<AccountPage>('admin/finance/accounts', q),
  );

  const columns: ColumnsType<Account> = [
    {
      title: t('accounts.code'),
      dataIndex: 'code',
      render: (code: string, a) => (
        <span title={a.title}>
          {t(`account.${code}`, { defaultValue: a.title })} <Typography.Text type="secondary">{code}</Typography.Text>
        </span>
      ),
    },
    { title: t('accounts.party'), key: 'party', render: (_, a) => <PartyName kind={a.partyKind} id={a.partyId} /> },
    { title: t('accounts.normal'), dataIndex: 'normalSide', width: 80, render: (s: Account['normalSide']) => t(`side.${s}`) },
    {
      title: t('accounts.balance'),
      dataIndex: 'balanceFen',
      align: 'right',
      width: 160,
      render: (v: number) => <Typography.Text type={v < 0 ? 'danger' : undefined}>{yuan(v)}</Typography.Text>,
    },
    {
      key: 'links',
      width: 170,
      render: (_, a) => (
        <Space size={0}>
          {a.partyKind !== 'operator' && (
            <Button type="link" size="small" onClick={() => setParams({ tab: 'statements', party: a.partyKind, id: a.partyId })}>
              {t('accounts.statement')}
            </Button>
          )}
          <Button
            type="link"
            size="small"
            onClick={() =>
              setParams({
                tab: 'journal',
                code: a.code,
                ...(a.partyKind === 'operator' ? {} : { partyKind: a.partyKind, partyId: a.partyId }),
              })
            }
            data-testid="account-entries"
          >
            {t('accounts.entries')}
          </Button>
        </Space>
      ),
    },
  ];

  return (
    <>
      <Space wrap style={{ marginBottom: 12 }}>
        <Segmented<Kind>
          value={kind}
          options={ledger.PartyKind.options.map((k) => ({ value: k, label: t(`party.${k}`) }))}
          onChange={(k) => setFilters({ partyKind: k })}
          data-testid="accounts-kind"
        />
        {kind !== 'operator' && (
          <PartySelect
            key={kind}
            kind={kind as PartyKind}
            value={filters.partyId}
            onChange={(id) => setFilters((f) => ({ ...f, partyId: id }))}
          />
        )}
        <Select
          allowClear
          style={{ width: 200 }}
          placeholder={t('accounts.code')}
          value={filters.code}
          options={codesOf(kind).map((c) => ({ value: c, label: t(`account.${c}`) }))}
          onChange={(c: string | undefined) => setFilters((f) => ({ ...f, code: c }))}
          data-testid="accounts-code"
        />
      </Space>
      <Totals page={query.data as AccountPage | undefined} kind={kind} code={filters.code} />
      <LoadError query={query} />
      <Table<Account>
        rowKey="id"
        size="middle"
        columns={columns}
        {...tableProps}
        onRow={() => ({ 'data-testid': 'account-row' }) as object}
        locale={{ emptyText: <Empty description={t('accounts.none')} /> }}
      />
    </>
  );
}
