import type * as orders from '@linli/contracts/orders';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Descriptions, Divider, Drawer, Popconfirm, Space, Spin, Table, Tag, Timeline, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { dateTime, yuan } from '../../../common/format.ts';
import { errorText } from '../../../common/i18n.ts';
import { LoadError } from '../../../desktop/LoadError.tsx';
import { api } from '../api.ts';
import { RevealPhone } from '../leaders/RevealPhone.tsx';
import { useCan } from '../permissions.ts';
import { MoveModal, RedeliverModal, RefundModal } from './ActionModals.tsx';
import { statusColor } from './shared.ts';

type Detail = orders.DeskOrderDetail;
type Line = Detail['lines'][number];
type Entry = Detail['timeline'][number];

/** One timeline entry in words: what happened, the money, the cause and blame, the note and who did it. */
function EntryText({ e }: { e: Entry }) {
  const { t } = useTranslation('orders');
  const cause =
    e.cause === null
      ? null
      : e.kind === 'refund'
        ? t(`refundKind.${e.cause}`, { defaultValue: e.cause })
        : e.kind === 'claim'
          ? t(`cause.${e.cause}`, { defaultValue: e.cause })
          : e.cause;
  const parts = [
    e.amountFen !== null && e.kind !== 'placed' && e.kind !== 'paid' ? yuan(e.amountFen) : null,
    cause,
    e.blame ? `${t('refund.blame')}: ${t(`blame.${e.blame}`, { defaultValue: e.blame })}` : null,
    e.status,
  ].filter(Boolean);
  return (
    <div data-testid={`timeline-${e.kind}`}>
      <Typography.Text strong>{t(`timeline.${e.kind}`)}</Typography.Text>{' '}
      <Typography.Text type="secondary">{dateTime(e.at)}</Typography.Text>
      {parts.length > 0 && <div>{parts.join(' · ')}</div>}
      {e.lines.length > 0 && <div>{e.lines.map((l) => `${l.title} × ${l.quantity}`).join('，')}</div>}
      {e.note && <Typography.Text type="secondary">{e.note}</Typography.Text>}
      {e.by && <div>{t('timeline.by', { name: e.by })}</div>}
    </div>
  );
}

/** An order at the desk: who, where, its lines with the refund and send-again actions, moving, the code, and its timeline. */
export function OrderDrawer({ id, onClose }: { id: string | null; onClose: () => void }) {
  const { t } = useTranslation('orders');
  const { message } = App.useApp();
  const can = useCan();
  const client = useQueryClient();
  const [dialog, setDialog] = useState<{ kind: 'refund' | 'redeliver'; line: Line } | { kind: 'move' } | null>(null);
  const detail = useQuery({
    queryKey: ['admin-order-desk', 'one', id],
    queryFn: () => api.get<Detail>(`admin/order-desk/${id}`),
    enabled: !!id,
  });
  const changed = (d?: Detail) => {
    if (d) client.setQueryData(['admin-order-desk', 'one', id], d);
    void client.invalidateQueries({ queryKey: ['admin-order-desk'] });
  };
  const resend = useMutation({
    mutationFn: () => api.post<orders.CodeResent>(`admin/order-desk/${id}/resend-code`),
    onSuccess: () => {
      void message.success(t('resend.done'));
      changed();
    },
    onError: (err) => void message.error(errorText(t, err)),
  });
  const o = detail.data;
  const lineColumns = [
    { title: t('col.items'), dataIndex: 'title' },
    { title: t('detail.unitPrice'), dataIndex: 'unitPriceFen', align: 'right' as const, render: (v: number) => yuan(v) },
    { title: t('detail.quantity'), dataIndex: 'quantity', align: 'right' as const },
    {
      title: t('detail.refunded'),
      key: 'refunded',
      align: 'right' as const,
      render: (_: unknown, l: Line) => (l.refundedFen ? `${l.refundedQuantity} / ${yuan(l.refundedFen)}` : '—'),
    },
    {
      title: t('detail.actions'),
      key: 'actions',
      render: (_: unknown, l: Line) => (
        <Space size={4}>
          {can('orders.refund') && (
            <Button
              size="small"
              disabled={l.refundableFen <= 0}
              onClick={() => setDialog({ kind: 'refund', line: l })}
              data-testid="line-refund"
            >
              {t('line.refund')}
            </Button>
          )}
          <Button
            size="small"
            disabled={l.redeliverableQuantity <= 0}
            onClick={() => setDialog({ kind: 'redeliver', line: l })}
            data-testid="line-redeliver"
          >
            {t('line.redeliver')}
          </Button>
        </Space>
      ),
    },
  ];
  const codeOpen = o && ['paid', 'allocated', 'delivered'].includes(o.status);

  return (
    <Drawer open={!!id} onClose={onClose} size={780} title={o ? `${t('detail.title')} ${o.orderNo}` : t('detail.title')} destroyOnHidden>
      <LoadError query={detail} />
      {detail.isPending && <Spin style={{ display: 'block', margin: '48px auto' }} />}
      {o && (
        <>
          <Descriptions size="small" column={2} bordered data-testid="order-detail">
            <Descriptions.Item label={t('col.status')}>
              <Tag color={statusColor[o.status]}>{t(`status.${o.status}`)}</Tag>
            </Descriptions.Item>
            <Descriptions.Item label={t('col.pickupDate')}>{o.pickupDate}</Descriptions.Item>
            <Descriptions.Item label={t('detail.point')}>{o.pickupPointName}</Descriptions.Item>
            <Descriptions.Item label={t('detail.leader')}>{o.leaderName}</Descriptions.Item>
            <Descriptions.Item label={t('detail.resident')} span={2}>
              <Space size={4}>
                {o.residentName || '—'}
                {can('orders.revealPhone') ? (
                  <RevealPhone kind="resident" id={o.residentId} masked={o.residentPhone} />
                ) : (
                  <span data-testid="phone-masked">{o.residentPhone}</span>
                )}
                {can('section.points') && (
                  <Link to={`/points?tab=residents&resident=${encodeURIComponent(o.residentId)}`} data-testid="order-resident-points">
                    {t('detail.residentPoints')}
                  </Link>
                )}
              </Space>
            </Descriptions.Item>
            <Descriptions.Item label={t('detail.pickupCode')}>{o.pickupCode}</Descriptions.Item>
            <Descriptions.Item label={t('col.createdAt')}>{dateTime(o.createdAt)}</Descriptions.Item>
            <Descriptions.Item label={t('detail.total')}>{yuan(o.totalFen)}</Descriptions.Item>
            <Descriptions.Item label={t('detail.refunded')}>{o.refundedFen ? yuan(o.refundedFen) : '—'}</Descriptions.Item>
          </Descriptions>
          <Space wrap style={{ marginTop: 12 }}>
            <Button
              disabled={!o.movable}
              title={o.movable ? undefined : t('detail.notMovable')}
              onClick={() => setDialog({ kind: 'move' })}
              data-testid="order-move"
            >
              {t('action.move')}
            </Button>
            <Popconfirm title={t('resend.confirm')} onConfirm={() => resend.mutate()} disabled={!codeOpen}>
              <Button disabled={!codeOpen} loading={resend.isPending} data-testid="order-resend-code">
                {t('action.resendCode')}
              </Button>
            </Popconfirm>
          </Space>

          <Divider titlePlacement="start">{t('detail.lines')}</Divider>
          <Table<Line> rowKey="id" size="small" pagination={false} dataSource={o.lines} columns={lineColumns} />
          {o.redeliveries.length > 0 && (
            <>
              <Divider titlePlacement="start">{t('detail.redeliveries')}</Divider>
              {o.redeliveries.map((r) => (
                <div key={r.redeliveryId} data-testid="order-redelivery">
                  {r.deliveryDate} · {r.pickupPointName} · {r.title} × {r.quantity}
                </div>
              ))}
            </>
          )}

          <Divider titlePlacement="start">{t('detail.timeline')}</Divider>
          <Timeline
            data-testid="order-timeline"
            items={o.timeline.map((e, i) => ({ key: `${e.kind}-${i}`, content: <EntryText e={e} /> }))}
          />
          {dialog?.kind === 'refund' && <RefundModal order={o} line={dialog.line} onClose={() => setDialog(null)} onDone={changed} />}
          {dialog?.kind === 'redeliver' && <RedeliverModal order={o} line={dialog.line} onClose={() => setDialog(null)} onDone={changed} />}
          {dialog?.kind === 'move' && <MoveModal order={o} onClose={() => setDialog(null)} onDone={changed} />}
        </>
      )}
    </Drawer>
  );
}
