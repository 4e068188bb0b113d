import type * as admin from '@linli/contracts/admin';
import type * as procurement from '@linli/contracts/procurement';
import { useQuery } from '@tanstack/react-query';
import { Card, Progress, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type { Page } from '../../../common/api.ts';
import { businessToday, shortDateTime } from '../../../common/format.ts';
import { LoadError } from '../../../desktop/LoadError.tsx';
import { api } from '../api.ts';
import { DayPicker, type PurchaseOrder, addDays, shortId, useDayPurchaseOrders } from './shared.tsx';

type Cutoff = z.infer<typeof procurement.CampaignCutoff>;
type Campaign = z.infer<typeof admin.CampaignSummary>;

export interface DemandRow {
  skuId: string;
  skuName: string;
  unit: string;
  supplierName: string;
  demand: number;
  stock: number;
  suggested: number;
  ordered: number;
}

/** The day's demand by item, summed over its purchase orders (cancelled ones left out). */
export function demandBySku(orders: readonly PurchaseOrder[]): DemandRow[] {
  const rows = new Map<string, DemandRow>();
  for (const po of orders) {
    if (po.status === 'cancelled') continue;
    for (const l of po.lines) {
      const r = rows.get(l.skuId) ?? {
        skuId: l.skuId,
        skuName: l.skuName,
        unit: l.unit,
        supplierName: po.supplierName,
        demand: 0,
        stock: 0,
        suggested: 0,
        ordered: 0,
      };
      r.demand += l.demandQuantity;
      r.stock = Math.max(r.stock, l.stockQuantity);
      r.suggested += l.suggestedQuantity;
      r.ordered += l.confirmedQuantity ?? l.orderedQuantity;
      rows.set(l.skuId, r);
    }
  }
  return [...rows.values()].sort((a, b) => b.demand - a.demand);
}

/** What the cutoff decided for a pickup date's campaigns, and the demand it turned into purchase orders. */
export function CutoffsTab() {
  const { t } = useTranslation('purchasing');
  const [date, setDate] = useState<string>(addDays(businessToday(), 1));
  const cutoffs = useQuery({
    queryKey: ['admin', 'cutoffs', date],
    queryFn: () => api.get<{ items: Cutoff[] }>('admin/cutoffs', { pickupDate: date }),
  });
  // Titles are the merchandiser's to read; without that role the campaign shows by id.
  const campaigns = useQuery({
    queryKey: ['admin', 'campaigns', 'by-date', date],
    retry: false,
    queryFn: () => api.get<Page<Campaign>>('admin/campaigns', { pickupDate: date, page: 1, pageSize: 200 }),
  });
  const orders = useDayPurchaseOrders(date);
  const title = (id: string) => campaigns.data?.items.find((c) => c.id === id)?.title ?? shortId(id);
  const items = cutoffs.data?.items ?? [];
  const ok = items.filter((c) => c.outcome === 'succeeded').length;

  const columns: ColumnsType<Cutoff> = [
    { title: t('col.campaign'), dataIndex: 'campaignId', ellipsis: true, render: (id: string) => title(id) },
    {
      title: t('col.outcome'),
      dataIndex: 'outcome',
      width: 100,
      render: (o: Cutoff['outcome']) => <Tag color={o === 'succeeded' ? 'green' : 'red'}>{t(`cutoffs.outcome.${o}`)}</Tag>,
    },
    { title: t('col.quantity'), dataIndex: 'orderedQuantity', width: 90, align: 'right' },
    {
      title: t('col.minimum'),
      key: 'min',
      width: 200,
      render: (_, c) =>
        c.minTotalQuantity > 0 ? (
          <Space size={6}>
            <Progress
              percent={Math.min(100, Math.round((c.orderedQuantity / c.minTotalQuantity) * 100))}
              size="small"
              status={c.outcome === 'failed' ? 'exception' : 'success'}
              style={{ width: 100, margin: 0 }}
              showInfo={false}
            />
            <span>
              {c.orderedQuantity}/{c.minTotalQuantity}
            </span>
          </Space>
        ) : (
          <Typography.Text type="secondary">—</Typography.Text>
        ),
    },
    {
      title: t('col.stage'),
      dataIndex: 'stage',
      width: 110,
      render: (s: Cutoff['stage']) => <Tag color={s === 'done' ? 'default' : 'processing'}>{t(`cutoffs.stage.${s}`)}</Tag>,
    },
    { title: t('col.decidedAt'), dataIndex: 'decidedAt', width: 120, render: (v: string) => shortDateTime(v) },
    { title: t('col.finishedAt'), dataIndex: 'finishedAt', width: 120, render: (v: string | null) => (v ? shortDateTime(v) : '—') },
  ];
  const demandColumns: ColumnsType<DemandRow> = [
    { title: t('col.sku'), dataIndex: 'skuName', ellipsis: true },
    { title: t('col.supplier'), dataIndex: 'supplierName', ellipsis: true, width: 200 },
    { title: t('col.unit'), dataIndex: 'unit', width: 60 },
    { title: t('col.demand'), dataIndex: 'demand', width: 90, align: 'right' },
    { title: t('col.stock'), dataIndex: 'stock', width: 80, align: 'right' },
    { title: t('col.suggested'), dataIndex: 'suggested', width: 100, align: 'right' },
    { title: t('col.ordered'), dataIndex: 'ordered', width: 100, align: 'right' },
  ];

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Space wrap>
        <span>{t('day.pickupDate')}</span>
        <DayPicker value={date} onChange={(d) => d && setDate(d)} />
        {cutoffs.isSuccess && items.length > 0 && (
          <Typography.Text type="secondary" data-testid="cutoff-summary">
            {t('cutoffs.summary', { count: items.length, ok, failed: items.length - ok })}
          </Typography.Text>
        )}
      </Space>
      <LoadError query={cutoffs} />
      <Table<Cutoff>
        rowKey="campaignId"
        size="middle"
        columns={columns}
        dataSource={items}
        loading={cutoffs.isFetching}
        pagination={items.length > 20 ? { pageSize: 20 } : false}
        locale={{ emptyText: t('cutoffs.none') }}
      />
      <Card
        size="small"
        title={t('cutoffs.demandTitle')}
        extra={<Typography.Text type="secondary">{t('cutoffs.demandHint')}</Typography.Text>}
      >
        <LoadError query={orders} />
        <Table<DemandRow>
          rowKey="skuId"
          size="small"
          columns={demandColumns}
          dataSource={demandBySku(orders.data?.items ?? [])}
          loading={orders.isFetching}
          pagination={{ pageSize: 15, hideOnSinglePage: true }}
          locale={{ emptyText: t('cutoffs.noDemand') }}
        />
      </Card>
    </Space>
  );
}
