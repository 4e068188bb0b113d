import { PlusOutlined } from '@ant-design/icons';
import type * as promotions from '@linli/contracts/promotions';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Popconfirm, Select, Space, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type { Page } from '../../../common/api.ts';
import { discountLabel, thresholdLabel } from '../../../common/coupon.ts';
import { shortDateTime, yuan } from '../../../common/format.ts';
import { errorText } from '../../../common/i18n.ts';
import { ListTable } from '../../../desktop/ListTable.tsx';
import { useServerTable } from '../../../desktop/useServerTable.ts';
import { api } from '../api.ts';
import { roiText } from './form.ts';
import { IssueModal } from './IssueModal.tsx';
import { PromotionEditForm } from './PromotionEditForm.tsx';
import { PromotionForm } from './PromotionForm.tsx';
import './locales.ts';

export type PromotionRow = z.infer<typeof promotions.PromotionWithResults>;
type Status = z.infer<typeof promotions.PromotionStatus>;

const statusColor: Record<Status, string> = { active: 'green', paused: 'orange', ended: 'default' };
const tableKey = 'admin-promotions';

/** Promotions and coupon templates with what each brought; create, edit, pause, resume, end, and hand out coupons. */
export default function PromotionsPage() {
  const { t } = useTranslation(['promotions', 'common']);
  const { message } = App.useApp();
  const client = useQueryClient();
  const [status, setStatus] = useState<Status | undefined>(undefined);
  const [creating, setCreating] = useState(false);
  const [issuing, setIssuing] = useState<PromotionRow | null>(null);
  const [editing, setEditing] = useState<PromotionRow | null>(null);
  const table = useServerTable<PromotionRow, { status: Status | undefined }>(tableKey, { status }, (q) =>
    api.get<Page<PromotionRow>>('admin/promotions', q),
  );
  const setPromotionStatus = useMutation({
    mutationFn: ({ id, to }: { id: string; to: Status }) => api.patch(`admin/promotions/${id}`, { status: to }),
    onSuccess: () => {
      message.success(t('changed'));
      void client.invalidateQueries({ queryKey: [tableKey] });
    },
    onError: (err) => message.error(errorText(t, err)),
  });
  const busy = (id: string) => setPromotionStatus.isPending && setPromotionStatus.variables?.id === id;

  const columns: ColumnsType<PromotionRow> = [
    {
      title: t('col.name'),
      dataIndex: 'name',
      render: (name: string, p) => (
        <Space orientation="vertical" size={2}>
          <Typography.Text strong>{name}</Typography.Text>
          <Space size={4} wrap>
            <Tag color={p.trigger === 'coupon' ? 'magenta' : 'blue'}>{t(`trigger.${p.trigger}`)}</Tag>
            {p.claimable && <Tag>{t('claimableTag')}</Tag>}
            {p.issueOnSignUp && <Tag color="gold">{t('signUpTag')}</Tag>}
            {p.newcomerOnly && <Tag>{t('newcomerTag')}</Tag>}
            {!p.stackable && <Tag>{t('notStackable')}</Tag>}
          </Space>
        </Space>
      ),
    },
    {
      title: t('col.discount'),
      key: 'discount',
      render: (_, p) => (
        <Space orientation="vertical" size={0}>
          <span>{discountLabel(t, p)}</span>
          <Typography.Text type="secondary">
            {thresholdLabel(t, p.thresholdFen)} · {t(`scopeKind.${p.scope.kind}`)}
            {p.scope.ids.length > 0 && ` (${p.scope.ids.length})`}
          </Typography.Text>
        </Space>
      ),
    },
    {
      title: t('col.window'),
      key: 'window',
      width: 130,
      render: (_, p) => (
        <Typography.Text type="secondary">
          {shortDateTime(p.startsAt)}
          <br />
          {shortDateTime(p.endsAt)}
        </Typography.Text>
      ),
    },
    {
      title: t('common:status'),
      dataIndex: 'status',
      width: 90,
      render: (s: Status) => <Tag color={statusColor[s]}>{t(`status.${s}`)}</Tag>,
    },
    { title: t('col.issued'), key: 'issued', align: 'right', render: (_, p) => p.results.couponsIssued },
    { title: t('col.used'), key: 'used', align: 'right', render: (_, p) => p.results.couponsUsed },
    { title: t('col.returned'), key: 'returned', align: 'right', render: (_, p) => p.results.couponsReturned },
    { title: t('col.orders'), key: 'orders', align: 'right', render: (_, p) => p.results.orders },
    { title: t('col.newResidents'), key: 'newResidents', align: 'right', render: (_, p) => p.results.newResidents },
    { title: t('col.discountFen'), key: 'discountFen', align: 'right', render: (_, p) => yuan(p.results.discountFen) },
    {
      title: t('col.cost'),
      key: 'cost',
      align: 'right',
      render: (_, p) => (
        <Space orientation="vertical" size={0} align="end">
          <span>{yuan(p.results.costFen)}</span>
          {p.results.supplierFundedFen > 0 && (
            <Typography.Text type="secondary">{t('supplierFunded', { amount: yuan(p.results.supplierFundedFen) })}</Typography.Text>
          )}
        </Space>
      ),
    },
    { title: t('col.gmv'), key: 'gmv', align: 'right', render: (_, p) => yuan(p.results.gmvFen) },
    {
      title: t('col.roi'),
      key: 'roi',
      align: 'right',
      render: (_, p) => <span data-testid="promotion-roi">{roiText(p.results.roi)}</span>,
    },
    {
      title: t('common:actions'),
      key: 'actions',
      width: 200,
      render: (_, p) => (
        <Space size={0} wrap>
          {p.status !== 'ended' && (
            <Button type="link" size="small" onClick={() => setEditing(p)} data-testid="promotion-edit">
              {t('edit')}
            </Button>
          )}
          {p.status === 'active' && (
            <Button
              type="link"
              size="small"
              loading={busy(p.id)}
              onClick={() => setPromotionStatus.mutate({ id: p.id, to: 'paused' })}
              data-testid="promotion-pause"
            >
              {t('pause')}
            </Button>
          )}
          {p.status === 'paused' && (
            <Button
              type="link"
              size="small"
              loading={busy(p.id)}
              onClick={() => setPromotionStatus.mutate({ id: p.id, to: 'active' })}
              data-testid="promotion-resume"
            >
              {t('resume')}
            </Button>
          )}
          {p.trigger === 'coupon' && p.status === 'active' && (
            <Button type="link" size="small" onClick={() => setIssuing(p)} data-testid="promotion-issue">
              {t('issue')}
            </Button>
          )}
          {p.status !== 'ended' && (
            <Popconfirm title={t('endConfirm')} onConfirm={() => setPromotionStatus.mutate({ id: p.id, to: 'ended' })}>
              <Button type="link" size="small" danger data-testid="promotion-end">
                {t('end')}
              </Button>
            </Popconfirm>
          )}
        </Space>
      ),
    },
  ];

  return (
    <Card
      title={t('title')}
      extra={
        <Space>
          <Select<Status | 'all'>
            value={status ?? 'all'}
            style={{ width: 140 }}
            onChange={(v) => setStatus(v === 'all' ? undefined : v)}
            options={[
              { value: 'all', label: t('allStatuses') },
              ...(['active', 'paused', 'ended'] as const).map((s) => ({ value: s, label: t(`status.${s}`) })),
            ]}
            data-testid="promotion-status-filter"
          />
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="promotion-create">
            {t('add')}
          </Button>
        </Space>
      }
    >
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        <Typography.Text type="secondary">{t('hint')}</Typography.Text>
        <ListTable<PromotionRow>
          table={table}
          columns={columns}
          scroll={{ x: 1400 }}
          row={(p) => ({ 'data-testid': 'promotion-row', 'data-id': p.id })}
        />
      </Space>
      <PromotionForm
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={() => void client.invalidateQueries({ queryKey: [tableKey] })}
      />
      <PromotionEditForm
        key={editing?.id ?? 'none'}
        promotion={editing}
        onClose={() => setEditing(null)}
        onSaved={() => void client.invalidateQueries({ queryKey: [tableKey] })}
      />
      <IssueModal
        promotion={issuing}
        onClose={() => setIssuing(null)}
        onIssued={() => void client.invalidateQueries({ queryKey: [tableKey] })}
      />
    </Card>
  );
}
