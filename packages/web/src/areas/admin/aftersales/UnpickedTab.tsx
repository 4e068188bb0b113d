import * as aftersales from '@linli/contracts/aftersales';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, DatePicker, Popconfirm, Select, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type { Page } from '../../../common/api.ts';
import { shortDateTime } from '../../../common/format.ts';
import { errorText } from '../../../common/i18n.ts';
import { LoadError } from '../../../desktop/LoadError.tsx';
import { useServerTable } from '../../../desktop/useServerTable.ts';
import { api } from '../api.ts';
import { useCan } from '../permissions.ts';
import { pointName, usePickupPoints } from './shared.tsx';

type Unpicked = z.infer<typeof aftersales.UnpickedOrder>;
type UnpickedStatus = Unpicked['status'];
type Filters = {
  status?: UnpickedStatus | undefined;
  pickupDate?: string | undefined;
};

const statusColor: Record<UnpickedStatus, string> = { to_return: 'orange', returned: 'green', to_dispose: 'gold', disposed: 'default' };

/** The goods not handed out, one title × units a line, as the answer carries them. */
function UnpickedGoods({ row }: { row: Unpicked }) {
  return (
    <Space orientation="vertical" size={0} data-testid="unpicked-goods">
      {row.lines.map((l) => (
        <span key={l.orderLineId}>
          {l.title} × {l.quantity}
        </span>
      ))}
    </Space>
  );
}

/** Orders nobody picked up: the warehouse confirms the goods came back (rule return_to_warehouse). */
export function UnpickedTab() {
  const { t } = useTranslation('aftersales');
  const canReturn = useCan()('aftersales.returnUnpicked');
  const { message } = App.useApp();
  const client = useQueryClient();
  const points = usePickupPoints();
  const [filters, setFilters] = useState<Filters>({ status: 'to_return' });
  const { query, tableProps } = useServerTable<Unpicked, Filters>('admin-unpicked', filters, (q) =>
    api.get<Page<Unpicked>>('admin/unpicked', q),
  );
  const ret = useMutation({
    mutationFn: (orderId: string) => api.post<Unpicked>(`admin/unpicked/${orderId}/return`),
    onSuccess: () => {
      void message.success(t('unpicked.returned'));
      void client.invalidateQueries({ queryKey: ['admin-unpicked'] });
    },
    onError: (err) => void message.error(errorText(t, err)),
  });

  const columns: ColumnsType<Unpicked> = [
    { title: t('unpicked.pickupDate'), dataIndex: 'pickupDate', width: 110 },
    { title: t('unpicked.point'), dataIndex: 'pickupPointId', ellipsis: true, render: (id: string) => pointName(points.data, id) },
    {
      title: t('unpicked.resident'),
      key: 'resident',
      width: 130,
      render: (_, r) => (
        <Space orientation="vertical" size={0} data-testid="unpicked-resident">
          <span>{r.residentName || t('detail.noName')}</span>
          <Typography.Text type="secondary">{r.residentPhone}</Typography.Text>
        </Space>
      ),
    },
    { title: t('unpicked.lines'), key: 'goods', render: (_, r) => <UnpickedGoods row={r} /> },
    { title: t('unpicked.rule'), dataIndex: 'rule', width: 120, render: (v: Unpicked['rule']) => t(`rule.${v}`) },
    {
      title: t('unpicked.units'),
      key: 'units',
      width: 70,
      align: 'right',
      render: (_, r) => r.lines.reduce((s, l) => s + l.quantity, 0),
    },
    {
      title: t('unpicked.refund'),
      dataIndex: 'refundId',
      width: 90,
      render: (v: string | null) => (v ? t('unpicked.refunded') : t('unpicked.notRefunded')),
    },
    { title: t('unpicked.recordedAt'), dataIndex: 'recordedAt', width: 110, render: (v: string) => shortDateTime(v) },
    { title: t('unpicked.closedAt'), dataIndex: 'closedAt', width: 110, render: (v: string | null) => (v ? shortDateTime(v) : '—') },
    {
      title: t('unpicked.status'),
      dataIndex: 'status',
      width: 110,
      render: (v: UnpickedStatus) => <Tag color={statusColor[v]}>{t(`unpickedStatus.${v}`)}</Tag>,
    },
    {
      title: t('common:actions'),
      key: 'act',
      width: 150,
      render: (_, r) =>
        canReturn &&
        r.status === 'to_return' && (
          <Popconfirm title={t('unpicked.returnConfirm')} onConfirm={() => ret.mutateAsync(r.orderId).catch(() => undefined)}>
            <Button size="small" loading={ret.isPending && ret.variables === r.orderId} data-testid="unpicked-return">
              {t('unpicked.returnButton')}
            </Button>
          </Popconfirm>
        ),
    },
  ];

  return (
    <>
      <Space wrap style={{ marginBottom: 12 }}>
        <Select
          allowClear
          style={{ width: 150 }}
          placeholder={t('unpicked.status')}
          value={filters.status}
          options={aftersales.UnpickedStatus.options.map((s) => ({ value: s, label: t(`unpickedStatus.${s}`) }))}
          onChange={(v) => setFilters((f) => ({ ...f, status: v }))}
        />
        <DatePicker
          placeholder={t('filter.pickupDate')}
          value={filters.pickupDate ? dayjs(filters.pickupDate) : null}
          onChange={(d) => setFilters((f) => ({ ...f, pickupDate: d ? d.format('YYYY-MM-DD') : undefined }))}
        />
      </Space>
      <LoadError query={query} />
      <Table<Unpicked>
        rowKey="orderId"
        size="middle"
        columns={columns}
        scroll={{ x: 1200 }}
        onRow={() => ({ 'data-testid': 'unpicked-row' }) as object}
        {...tableProps}
      />
    </>
  );
}
