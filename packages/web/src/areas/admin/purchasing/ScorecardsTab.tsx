import * as feedback from '@linli/contracts/feedback';
import { useQuery } from '@tanstack/react-query';
import { DatePicker, Space, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs from 'dayjs';
import { type HTMLAttributes, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { businessToday } from '../../../common/format.ts';
import { LoadError } from '../../../desktop/LoadError.tsx';
import { api } from '../api.ts';
import { addDays } from './shared.tsx';

type Scorecard = z.infer<typeof feedback.SupplierScorecard>;

const percent = (rate: number | null): string => (rate === null ? '—' : `${(rate * 100).toFixed(1)}%`);

/** Each supplier's scorecard over a period: on-time deliveries, short shipments, quality rejects, residents' complaints and ratings. */
export function ScorecardsTab() {
  const { t } = useTranslation('purchasing');
  const [to, setTo] = useState(businessToday());
  const [from, setFrom] = useState(addDays(businessToday(), -29));
  const cards = useQuery({
    queryKey: ['admin-supplier-scorecards', from, to],
    queryFn: async () => feedback.SupplierScorecardList.parse(await api.get(`admin/supplier-scorecards?from=${from}&to=${to}`)),
  });
  const columns: ColumnsType<Scorecard> = [
    { title: t('scorecards.supplier'), dataIndex: 'supplierName' },
    { title: t('scorecards.purchaseOrders'), dataIndex: 'purchaseOrders', align: 'right' },
    {
      title: t('scorecards.onTime'),
      key: 'onTime',
      render: (_, c) => (
        <Space orientation="vertical" size={0}>
          <b data-testid="scorecard-on-time">{percent(c.onTimeRate)}</b>
          <Typography.Text type="secondary">
            {t('scorecards.onTimeText', { onTime: c.onTime, received: c.received, late: c.late, notReceived: c.notReceived })}
          </Typography.Text>
        </Space>
      ),
    },
    {
      title: t('scorecards.shortShip'),
      key: 'short',
      render: (_, c) => (
        <Space orientation="vertical" size={0}>
          <b>{percent(c.shortShipRate)}</b>
          <Typography.Text type="secondary">{t('scorecards.shortText', { short: c.shortLines, lines: c.linesReceived })}</Typography.Text>
        </Space>
      ),
    },
    {
      title: t('scorecards.rejects'),
      key: 'rejects',
      render: (_, c) => (
        <Space orientation="vertical" size={0}>
          <b>{percent(c.rejectRate)}</b>
          <Typography.Text type="secondary">
            {t('scorecards.rejectText', { rejected: c.unitsRejected, received: c.unitsReceived })}
          </Typography.Text>
        </Space>
      ),
    },
    { title: t('scorecards.complaints'), dataIndex: 'complaints', align: 'right' },
    {
      title: t('scorecards.scores'),
      key: 'scores',
      render: (_, c) =>
        c.ratings === 0
          ? '—'
          : t('scorecards.scoresText', {
              items: c.avgItemsScore?.toFixed(2) ?? '—',
              freshness: c.avgFreshnessScore?.toFixed(2) ?? '—',
              ratings: c.ratings,
            }),
    },
  ];
  return (
    <>
      <Space style={{ marginBottom: 12 }} wrap>
        <span>{t('scorecards.from')}</span>
        <DatePicker allowClear={false} value={dayjs(from)} onChange={(d) => d && setFrom(d.format('YYYY-MM-DD'))} />
        <span>{t('scorecards.to')}</span>
        <DatePicker allowClear={false} value={dayjs(to)} onChange={(d) => d && setTo(d.format('YYYY-MM-DD'))} />
      </Space>
      <Typography.Paragraph type="secondary">{t('scorecards.hint')}</Typography.Paragraph>
      <LoadError query={cards} />
      <Table
        rowKey="supplierId"
        size="small"
        loading={cards.isLoading}
        columns={columns}
        dataSource={cards.data?.items ?? []}
        onRow={(c) => ({ 'data-testid': 'scorecard-row', 'data-supplier-id': c.supplierId }) as HTMLAttributes<HTMLElement>}
        pagination={{ pageSize: 50 }}
      />
    </>
  );
}
