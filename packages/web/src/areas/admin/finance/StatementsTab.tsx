import type * as ledger from '@linli/contracts/ledger';
import { useMutation } from '@tanstack/react-query';
import { App, Button, Card, Col, DatePicker, Empty, Row, Segmented, Space, Statistic, Table, Typography } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import type { z } from 'zod';
import { dateTime, yuan } from '../../../common/format.ts';
import { errorText } from '../../../common/i18n.ts';
import { api } from '../api.ts';
import { DocLink, type PartyKind, PartyName, PartySelect } from './ui.tsx';
import { LoadError } from '../../../desktop/LoadError.tsx';
import { useServerTable } from '../../../desktop/useServerTable.ts';

type Line = z.infer<typeof ledger.StatementLine>;
type LeaderStatement = z.infer<typeof ledger.LeaderStatement>;
type SupplierStatement = z.infer<typeof ledger.SupplierStatement>;
type CarrierStatement = z.infer<typeof ledger.CarrierStatement>;
type Statement = LeaderStatement | SupplierStatement | CarrierStatement;
type Paged = Statement & { items: Line[]; page: number; pageSize: number; total: number };
const kinds: PartyKind[] = ['leader', 'supplier', 'carrier'];

/** The headline figures of each kind of statement: [string key, value, is money]. */
function figures(kind: PartyKind, s: Statement): [string, number, boolean][] {
  if (kind === 'leader') {
    const l = s as LeaderStatement;
    return [
      ['orders', l.orders, false],
      ['sales', l.salesFen, true],
      ['accrued', l.accruedFen, true],
      ['clawedBack', l.clawedBackFen, true],
      ['deducted', l.deductedFen, true],
      ['adjusted', l.adjustedFen, true],
      ['released', l.releasedFen, true],
      ['paid', l.paidFen, true],
      ['pending', l.pendingFen, true],
      ['available', l.availableFen, true],
      ['withdrawing', l.withdrawingFen, true],
    ];
  }
  if (kind === 'supplier') {
    const p = s as SupplierStatement;
    return [
      ['opening', p.openingFen, true],
      ['received', p.receivedFen, true],
      ['chargebacks', p.chargebacksFen, true],
      ['closing', p.closingFen, true],
    ];
  }
  const c = s as CarrierStatement;
  return [
    ['opening', c.openingFen, true],
    ['routes', c.routes, false],
    ['stops', c.stopsDelivered, false],
    ['payable', c.payableFen, true],
    ['closing', c.closingFen, true],
  ];
}

/** The statement of a leader, supplier or carrier for a period, with its lines and an Excel export. */
export function StatementsTab() {
  const { t } = useTranslation('finance');
  const { message } = App.useApp();
  const [params, setParams] = useSearchParams();
  const kind = kinds.find((k) => k === params.get('party')) ?? 'leader';
  const id = params.get('id') ?? undefined;
  const from = params.get('from') ?? undefined;
  const to = params.get('to') ?? undefined;
  const update = (patch: Record<string, string | undefined>) => {
    const next = { tab: 'statements', party: kind, id, from, to, ...patch };
    setParams(Object.fromEntries(Object.entries(next).filter(([, v]) => v)) as Record<string, string>);
  };
  const path = `admin/finance/${kind}s/${id}/statement`;
  // The lines come a page at a time from the server; the figures are always the whole period's.
  const { query: statement, tableProps } = useServerTable<Line, { kind: PartyKind; id?: string; from?: string; to?: string }, Paged>(
    'finance-statement',
    { kind, id, from, to },
    async (q) => {
      const s = await api.get<Statement>(path, { from, to, page: q.page, pageSize: q.pageSize });
      return { ...s, items: s.lines, page: s.page ?? q.page, pageSize: s.pageSize ?? q.pageSize };
    },
    20,
    !!id,
  );
  const exporting = useMutation({
    mutationFn: () => api.download(`${path}/export`, `${kind}-${id}${from ? `-${from}-${to}` : ''}.xlsx`, { from, to }),
    onError: (err) => void message.error(errorText(t, err)),
  });

  return (
    <>
      <Space wrap style={{ marginBottom: 16 }}>
        <Segmented<PartyKind>
          value={kind}
          options={kinds.map((k) => ({ value: k, label: t(`party.${k}`) }))}
          onChange={(k) => update({ party: k, id: undefined })}
          data-testid="statement-kind"
        />
        <PartySelect key={kind} kind={kind} value={id} onChange={(v) => update({ id: v })} />
        <DatePicker.RangePicker
          value={from && to ? [dayjs(from), dayjs(to)] : null}
          placeholder={[t('statements.from'), t('statements.to')]}
          onChange={(r) => update({ from: r?.[0]?.format('YYYY-MM-DD'), to: r?.[1]?.format('YYYY-MM-DD') })}
        />
        {!from && <Typography.Text type="secondary">{t('statements.allTime')}</Typography.Text>}
        {id && (
          <Button
            onClick={() => exporting.mutate()}
            loading={exporting.isPending}
            disabled={!statement.data}
            data-testid="statement-export"
          >
            {exporting.isPending ? t('common:exporting') : t('statements.export')}
          </Button>
        )}
      </Space>
      {!id && <Empty description={t('statements.choose', { kind: t(`party.${kind}`) })} />}
      <LoadError query={statement} />
      {id && statement.isPending && <Card loading />}
      {statement.data && (
        <>
          <Typography.Title level={5}>
            <PartyName kind={kind} id={id ?? ''} />
          </Typography.Title>
          <Row gutter={[12, 12]} style={{ marginBottom: 16 }}>
            {figures(kind, statement.data).map(([key, value, money]) => (
              <Col key={key} xs={12} md={6} xl={4}>
                <Card size="small">
                  <Statistic
                    title={t(`statements.${key}`)}
                    value={money ? yuan(value) : value}
                    styles={{ content: { fontSize: 18, color: money && value < 0 ? '#cf1322' : undefined } }}
                  />
                </Card>
              </Col>
            ))}
          </Row>
          <Table<Line>
            rowKey={(l) => `${l.entryId}-${l.account}-${statement.data?.lines.indexOf(l)}`}
            size="small"
            {...tableProps}
            onRow={() => ({ 'data-testid': 'statement-line' }) as object}
            columns={[
              { title: t('journal.occurredAt'), dataIndex: 'occurredAt', width: 150, render: (v: string) => dateTime(v) },
              { title: t('journal.kind'), dataIndex: 'kind', width: 120, render: (k: string) => t(`kind.${k}`, { defaultValue: k }) },
              {
                title: t('statements.account'),
                dataIndex: 'account',
                width: 140,
                render: (c: string) => t(`account.${c}`, { defaultValue: c }),
              },
              { title: t('statements.document'), key: 'doc', render: (_, l) => <DocLink type={l.documentType} id={l.documentId} /> },
              { title: t('journal.memo'), dataIndex: 'memo', ellipsis: true },
              {
                title: t('statements.amount'),
                dataIndex: 'amountFen',
                align: 'right',
                width: 120,
                render: (v: number) => <Typography.Text type={v < 0 ? 'danger' : undefined}>{yuan(v)}</Typography.Text>,
              },
            ]}
          />
        </>
      )}
    </>
  );
}
