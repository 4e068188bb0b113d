import * as aftersales from '@linli/contracts/aftersales';
import { Button, DatePicker, Input, Select, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs from 'dayjs';
import { type HTMLAttributes, useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Page } from '../../../common/api.ts';
import { shortDateTime, yuan } from '../../../common/format.ts';
import { LoadError } from '../../../desktop/LoadError.tsx';
import { useServerTable } from '../../../desktop/useServerTable.ts';
import { api } from '../api.ts';
import { ClaimDrawer } from './ClaimDrawer.tsx';
import { LeaderPointFilter } from './LeaderPointFilter.tsx';
import { type CaseStatus, blames, pointName, statusColor, usePickupPoints } from './shared.tsx';

/** A claim as support lists it: also who made it and who decided it. */
type Claim = aftersales.AdminAftersaleCase;

type Filters = {
  status?: CaseStatus | undefined;
  type?: Claim['type'] | undefined;
  blame?: Claim['blame'] | undefined;
  leaderId?: string | undefined;
  pickupPointId?: string | undefined;
  orderId?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
};

/**
 * The after-sales claims, newest first, filtered (status, type, blame, leader or pickup point,
 * days of creation, order) and paged by the server; a row opens the claim.
 */
export function ClaimsTab() {
  const { t } = useTranslation('aftersales');
  const [filters, setFilters] = useState<Filters>({ status: 'submitted' });
  const [openId, setOpenId] = useState<string | null>(null);
  const points = usePickupPoints();
  const { query: list, tableProps } = useServerTable<Claim, Filters>('admin-aftersales', filters, (q) =>
    api.get<Page<Claim>>('admin/aftersales', q),
  );
  const set = (patch: Partial<Filters>) => setFilters((f) => ({ ...f, ...patch }));
  const onLeader = useCallback(
    (v: { leaderId: string | undefined; pickupPointId: string | undefined }) => setFilters((f) => ({ ...f, ...v })),
    [],
  );

  const columns: ColumnsType<Claim> = [
    { title: t('col.createdAt'), dataIndex: 'createdAt', width: 110, render: (v: string) => shortDateTime(v) },
    { title: t('col.item'), dataIndex: 'title', ellipsis: true },
    { title: t('col.type'), dataIndex: 'type', width: 96, render: (v: Claim['type']) => t(`type.${v}`) },
    { title: t('col.quantity'), dataIndex: 'quantity', width: 64, align: 'right' },
    { title: t('col.requested'), dataIndex: 'requestedFen', width: 100, align: 'right', render: (v: number) => yuan(v) },
    {
      title: t('col.approved'),
      dataIndex: 'approvedFen',
      width: 100,
      align: 'right',
      render: (v: number | null) => (v === null ? '—' : yuan(v)),
    },
    {
      title: t('col.point'),
      dataIndex: 'pickupPointId',
      ellipsis: true,
      render: (id: string) => pointName(points.data, id),
    },
    {
      title: t('col.status'),
      dataIndex: 'status',
      width: 100,
      render: (v: CaseStatus) => <Tag color={statusColor[v]}>{t(`status.${v}`)}</Tag>,
    },
    { title: t('col.blame'), dataIndex: 'blame', width: 130, render: (v: Claim['blame']) => (v ? t(`blame.${v}`) : '—') },
    {
      title: t('col.handledBy'),
      key: 'handledBy',
      width: 130,
      render: (_, c) =>
        c.decidedAt ? (
          <span data-testid="claim-handled-by">
            {c.decidedByName ?? '—'}
            <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
              {shortDateTime(c.decidedAt)}
            </Typography.Text>
          </span>
        ) : (
          '—'
        ),
    },
    {
      title: t('col.view'),
      key: 'view',
      width: 80,
      render: (_, c) => (
        <Button type="link" size="small" onClick={() => setOpenId(c.id)} data-testid="claim-open">
          {t('col.view')}
        </Button>
      ),
    },
  ];

  return (
    <>
      <Space wrap style={{ marginBottom: 12 }}>
        <Select
          allowClear
          style={{ width: 130 }}
          placeholder={t('filter.status')}
          value={filters.status}
          options={aftersales.CaseStatus.options.map((s) => ({ value: s, label: t(`status.${s}`) }))}
          onChange={(v) => set({ status: v })}
          data-testid="filter-status"
        />
        <Select
          allowClear
          style={{ width: 120 }}
          placeholder={t('filter.type')}
          value={filters.type}
          options={aftersales.ClaimType.options.map((s) => ({ value: s, label: t(`type.${s}`) }))}
          onChange={(v) => set({ type: v })}
        />
        <Select
          allowClear
          style={{ width: 170 }}
          placeholder={t('filter.blame')}
          value={filters.blame ?? undefined}
          options={blames.map((s) => ({ value: s, label: t(`blame.${s}`) }))}
          onChange={(v) => set({ blame: v })}
        />
        <LeaderPointFilter leaderId={filters.leaderId} pickupPointId={filters.pickupPointId} onChange={onLeader} />
        <DatePicker.RangePicker
          value={filters.from && filters.to ? [dayjs(filters.from), dayjs(filters.to)] : null}
          placeholder={[t('filter.from'), t('filter.to')]}
          onChange={(r) => set({ from: r?.[0]?.format('YYYY-MM-DD'), to: r?.[1]?.format('YYYY-MM-DD') })}
          data-testid="filter-created"
        />
        <Input.Search
          allowClear
          style={{ width: 220 }}
          placeholder={t('filter.orderId')}
          onSearch={(v) => set({ orderId: v.trim() || undefined })}
        />
        <Button onClick={() => setFilters({})}>{t('common:reset')}</Button>
      </Space>
      <LoadError query={list} />
      <Table<Claim>
        rowKey="id"
        size="middle"
        columns={columns}
        {...tableProps}
        onRow={(c) => ({ 'data-testid': 'claim-row', onDoubleClick: () => setOpenId(c.id) }) as HTMLAttributes<HTMLElement>}
        locale={{ emptyText: <Typography.Text type="secondary">{t('common:empty')}</Typography.Text> }}
      />
      <ClaimDrawer id={openId} onClose={() => setOpenId(null)} />
    </>
  );
}
