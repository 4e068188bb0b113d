import type * as aftersales from '@linli/contracts/aftersales';
import type * as shop from '@linli/contracts/shop';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Descriptions, Divider, Drawer, Empty, Image, Select, Space, Spin, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type { Page } from '../../../common/api.ts';
import { dateTime, yuan } from '../../../common/format.ts';
import { errorText } from '../../../common/i18n.ts';
import { LoadError } from '../../../desktop/LoadError.tsx';
import { api } from '../api.ts';
import { ApproveModal } from './ApproveModal.tsx';
import { RejectModal } from './RejectModal.tsx';
import { type Blame, type Claim, blames, pointName, statusColor, usePickupPoints } from './shared.tsx';

type Order = z.infer<typeof shop.Order>;
type Line = Order['lines'][number];
/** Support's answer also says who claims: name and masked phone. */
type AdminClaim = z.infer<typeof aftersales.AdminAftersaleCase>;

/** One claim: the order and its lines, the resident's words and photos, the blame and the decision. */
export function ClaimDrawer({ id, onClose }: { id: string | null; onClose: () => void }) {
  const { t } = useTranslation('aftersales');
  const { message } = App.useApp();
  const client = useQueryClient();
  const points = usePickupPoints();
  const [dialog, setDialog] = useState<'approve' | 'reject' | null>(null);
  const claim = useQuery({
    queryKey: ['admin-aftersales', 'one', id],
    queryFn: () => api.get<AdminClaim>(`admin/aftersales/${id}`),
    enabled: !!id,
  });
  const orderId = claim.data?.orderId;
  const order = useQuery({
    queryKey: ['admin-order', orderId],
    queryFn: () => api.get<Order>(`admin/orders/${orderId}`),
    enabled: !!orderId,
  });
  const siblings = useQuery({
    queryKey: ['admin-aftersales', 'order', orderId],
    queryFn: () => api.get<Page<Claim>>('admin/aftersales', { orderId, pageSize: 50 }),
    enabled: !!orderId,
  });
  const changed = () => {
    void client.invalidateQueries({ queryKey: ['admin-aftersales'] });
    void client.invalidateQueries({ queryKey: ['admin-order', orderId] });
  };
  const blame = useMutation({
    mutationFn: (b: Blame) => api.put<Claim>(`admin/aftersales/${id}/blame`, { blame: b }),
    onSuccess: () => {
      void message.success(t('detail.blameSaved'));
      void changed();
    },
    onError: (err) => void message.error(errorText(t, err)),
  });

  const c = claim.data;
  const open = c?.status === 'submitted';
  /** Who decided: their name and whether as a leader or as staff. */
  const decider = (kind: 'leader' | 'staff', name: string | null) => {
    const role = t(kind === 'leader' ? 'detail.byLeader' : 'detail.byStaff');
    return name ? t('detail.decidedByName', { name, role }) : role;
  };
  const lineColumns = [
    {
      title: t('col.item'),
      dataIndex: 'title',
      render: (v: string, l: Line) => (
        <Space>
          {v}
          {l.id === c?.orderLineId && <Tag color="orange">{t('detail.thisLine')}</Tag>}
        </Space>
      ),
    },
    { title: t('detail.unitPrice'), dataIndex: 'unitPriceFen', align: 'right' as const, render: (v: number) => yuan(v) },
    { title: t('col.quantity'), dataIndex: 'quantity', align: 'right' as const },
    { title: t('detail.amount'), dataIndex: 'amountFen', align: 'right' as const, render: (v: number) => yuan(v) },
    {
      title: t('detail.refunded'),
      key: 'refunded',
      align: 'right' as const,
      render: (_: unknown, l: Line) => (l.refundedFen ? `${l.refundedQuantity} / ${yuan(l.refundedFen)}` : '—'),
    },
  ];

  return (
    <Drawer open={!!id} onClose={onClose} size={760} title={t('detail.title')} destroyOnHidden>
      <LoadError query={claim} />
      {claim.isPending && <Spin style={{ display: 'block', margin: '48px auto' }} />}
      {c && (
        <>
          <Descriptions size="small" column={2} bordered>
            <Descriptions.Item label={t('col.item')} span={2}>
              {c.title}
            </Descriptions.Item>
            <Descriptions.Item label={t('col.type')}>{t(`type.${c.type}`)}</Descriptions.Item>
            <Descriptions.Item label={t('col.status')}>
              <Tag color={statusColor[c.status]}>{t(`status.${c.status}`)}</Tag>
            </Descriptions.Item>
            <Descriptions.Item label={t('col.quantity')}>{c.quantity}</Descriptions.Item>
            <Descriptions.Item label={t('col.requested')}>{yuan(c.requestedFen)}</Descriptions.Item>
            <Descriptions.Item label={t('detail.orderNo')}>{order.data?.orderNo ?? c.orderId}</Descriptions.Item>
            <Descriptions.Item label={t('detail.pickupDate')}>{order.data?.pickupDate ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('col.point')}>{pointName(points.data, c.pickupPointId)}</Descriptions.Item>
            <Descriptions.Item label={t('col.createdAt')}>{dateTime(c.createdAt)}</Descriptions.Item>
            <Descriptions.Item label={t('detail.resident')} span={2}>
              <span data-testid="claim-resident">
                {c.residentName || t('detail.noName')} · {c.residentPhone}
              </span>
            </Descriptions.Item>
          </Descriptions>

          <Divider titlePlacement="start">{t('detail.reason')}</Divider>
          <Typography.Paragraph>
            {c.description || <Typography.Text type="secondary">{t('detail.noReason')}</Typography.Text>}
          </Typography.Paragraph>
          <Typography.Text strong>{t('detail.evidence')}</Typography.Text>
          <div style={{ marginTop: 8 }} data-testid="claim-evidence">
            {c.evidenceUrls.length ? (
              <Image.PreviewGroup>
                <Space wrap>
                  {c.evidenceUrls.map((u) => (
                    <Image key={u} src={u} width={96} height={96} style={{ objectFit: 'cover', borderRadius: 6 }} />
                  ))}
                </Space>
              </Image.PreviewGroup>
            ) : (
              <Typography.Text type="secondary">{t('detail.noEvidence')}</Typography.Text>
            )}
          </div>

          <Divider titlePlacement="start">{t('detail.lines')}</Divider>
          {order.isError ? (
            <LoadError query={order} />
          ) : (
            <Table<Line>
              rowKey="id"
              size="small"
              pagination={false}
              loading={order.isPending}
              dataSource={order.data?.lines}
              columns={lineColumns}
            />
          )}
          {(siblings.data?.items.length ?? 0) > 1 && (
            <>
              <Typography.Text strong style={{ display: 'block', marginTop: 12 }}>
                {t('detail.otherClaims')}
              </Typography.Text>
              {siblings.data?.items
                .filter((s) => s.id !== c.id)
                .map((s) => (
                  <div key={s.id} style={{ marginTop: 4 }}>
                    {s.title} · {t(`type.${s.type}`)} · {yuan(s.requestedFen)}{' '}
                    <Tag color={statusColor[s.status]}>{t(`status.${s.status}`)}</Tag>
                  </div>
                ))}
            </>
          )}

          <Divider titlePlacement="start">{t('detail.decision')}</Divider>
          {open ? (
            <Space wrap>
              <span>{t('col.blame')}</span>
              <Select<Blame>
                style={{ width: 200 }}
                placeholder={t('col.blame')}
                value={c.blame ?? undefined}
                loading={blame.isPending}
                options={blames.map((b) => ({ value: b, label: t(`blame.${b}`) }))}
                onChange={(b) => blame.mutate(b)}
                data-testid="blame-select"
              />
              <Button type="primary" onClick={() => setDialog('approve')} data-testid="claim-approve">
                {t('approve.button')}
              </Button>
              <Button danger onClick={() => setDialog('reject')} data-testid="claim-reject">
                {t('reject.button')}
              </Button>
              {c.blame && <Typography.Text type="secondary">{t(`blameHint.${c.blame}`)}</Typography.Text>}
            </Space>
          ) : c.decidedAt ? (
            <Descriptions size="small" column={2} bordered>
              <Descriptions.Item label={t('col.approved')}>{c.approvedFen === null ? '—' : yuan(c.approvedFen)}</Descriptions.Item>
              <Descriptions.Item label={t('col.blame')}>{c.blame ? t(`blame.${c.blame}`) : '—'}</Descriptions.Item>
              <Descriptions.Item label={t('detail.decidedBy')}>
                <span data-testid="claim-decided-by">{c.decidedBy ? decider(c.decidedBy.kind, c.decidedByName) : '—'}</span>
              </Descriptions.Item>
              <Descriptions.Item label={t('detail.decidedAt')}>
                <span data-testid="claim-decided-at">{dateTime(c.decidedAt)}</span>
              </Descriptions.Item>
              <Descriptions.Item label={t('detail.decisionReason')} span={2}>
                {c.decisionReason ?? '—'}
              </Descriptions.Item>
              {c.refundId && (
                <Descriptions.Item label={t('detail.refundId')} span={2}>
                  <Typography.Text copyable>{c.refundId}</Typography.Text>
                </Descriptions.Item>
              )}
              {c.compensationCouponId && (
                <Descriptions.Item label={t('detail.compensationCoupon')} span={2}>
                  <Typography.Text copyable data-testid="claim-compensation-coupon">
                    {c.compensationCouponId}
                  </Typography.Text>
                </Descriptions.Item>
              )}
            </Descriptions>
          ) : (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t(`status.${c.status}`)} />
          )}
          {dialog === 'approve' && <ApproveModal claim={c} onClose={() => setDialog(null)} onDone={changed} />}
          {dialog === 'reject' && <RejectModal claim={c} onClose={() => setDialog(null)} onDone={changed} />}
        </>
      )}
    </Drawer>
  );
}
