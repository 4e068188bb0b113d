import type { ShortfallPreview, ShortReason } from '@linli/contracts/procurement';
import { useQuery } from '@tanstack/react-query';
import { Checkbox, DatePicker, Input, InputNumber, Select, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs from 'dayjs';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api.ts';
import type { PurchaseOrder, PurchaseOrderLine } from '../purchasing/shared.tsx';
import { type LineDraft, draftShortReason, emptyDraft, expectedOf, mustAskWhy, settle, shortReasonChoice } from './receipt.ts';

/** How many residents the shortage allocation would refund if a line took nothing into stock (the server's count). */
function RefundCount({ poId, lineId }: { poId: string; lineId: string }) {
  const { t } = useTranslation('warehouse');
  const query = useQuery({
    queryKey: ['admin', 'shortfall-preview', poId, lineId, 0],
    queryFn: () => api.get<ShortfallPreview>(`admin/purchase-orders/${poId}/shortfall-preview`, { lineId, acceptedQuantity: 0 }),
  });
  if (!query.data) return null;
  const { residents, shortQuantity } = query.data;
  return (
    <Typography.Text type={residents > 0 ? 'warning' : 'secondary'} style={{ fontSize: 12 }} data-testid="receipt-refund-count">
      {residents > 0 ? t('form.refundCount', { count: residents, units: shortQuantity }) : t('form.refundNone')}
    </Typography.Text>
  );
}

function Field({ error, children }: { error: string | undefined; children: ReactNode }) {
  return (
    <div>
      {children}
      {error && (
        <Typography.Text type="danger" style={{ display: 'block', fontSize: 12 }}>
          {error}
        </Typography.Text>
      )}
    </div>
  );
}

/** The lines of a purchase order as receipt rows: inputs on lines not recorded yet, the recorded figures otherwise. */
export function ReceiptLines({
  po,
  drafts,
  errors,
  editable,
  onChange,
}: {
  po: PurchaseOrder;
  drafts: Record<string, LineDraft>;
  errors: Record<string, Record<string, string>>;
  editable: boolean;
  onChange: (lineId: string, patch: Partial<LineDraft>) => void;
}) {
  const { t } = useTranslation('warehouse');
  const draftOf = (l: PurchaseOrderLine) => drafts[l.id] ?? emptyDraft;
  const isOpen = (l: PurchaseOrderLine) => editable && l.receivedQuantity === null;
  const reasonText: Record<ShortReason, string> = {
    supplier_short_shipped: t('shortReason.supplier_short_shipped'),
    rejected_quality: t('shortReason.rejected_quality'),
    warehouse_error: t('shortReason.warehouse_error'),
    damaged_in_warehouse: t('shortReason.damaged_in_warehouse'),
  };

  const columns: ColumnsType<PurchaseOrderLine> = [
    {
      title: t('col.sku'),
      key: 'sku',
      ellipsis: true,
      render: (_, l) => (
        <Space orientation="vertical" size={0}>
          <span>{l.skuName}</span>
          {l.receivedQuantity !== null ? (
            <Tag color="green">{t('form.recorded')}</Tag>
          ) : (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('form.notRecorded')}
            </Typography.Text>
          )}
        </Space>
      ),
    },
    {
      title: t('col.expected'),
      key: 'expected',
      width: 130,
      render: (_, l) => {
        const short = l.orderedQuantity - expectedOf(l);
        return (
          <Space orientation="vertical" size={0}>
            <strong>
              {expectedOf(l)} {l.unit}
            </strong>
            {short > 0 && <Tag color="orange">{t('form.short', { n: short })}</Tag>}
          </Space>
        );
      },
    },
    {
      title: t('col.received'),
      key: 'received',
      width: 120,
      render: (_, l) =>
        isOpen(l) ? (
          <Field error={errors[l.id]?.receivedQuantity}>
            <InputNumber
              min={0}
              precision={0}
              value={draftOf(l).receivedQuantity}
              status={errors[l.id]?.receivedQuantity ? 'error' : undefined}
              onChange={(v) => onChange(l.id, { receivedQuantity: v === null ? null : Number(v) })}
              style={{ width: 96 }}
              data-testid="receipt-qty"
            />
          </Field>
        ) : (
          (l.receivedQuantity ?? '—')
        ),
    },
    {
      title: t('col.rejected'),
      key: 'rejected',
      width: 120,
      render: (_, l) =>
        isOpen(l) ? (
          <Field error={errors[l.id]?.rejectedQuantity}>
            <InputNumber
              min={0}
              precision={0}
              placeholder="0"
              value={draftOf(l).rejectedQuantity}
              status={errors[l.id]?.rejectedQuantity ? 'error' : undefined}
              onChange={(v) => onChange(l.id, { rejectedQuantity: v === null ? null : Number(v) })}
              style={{ width: 96 }}
              data-testid="receipt-rejected"
            />
          </Field>
        ) : (
          (l.rejectedQuantity ?? '—')
        ),
    },
    {
      title: t('col.accepted'),
      key: 'accepted',
      width: 200,
      render: (_, l) => {
        if (!isOpen(l))
          return (
            <Space size={4} wrap>
              {l.acceptedQuantity ?? '—'}
              {(l.overQuantity ?? 0) > 0 && (
                <Tag color={l.overAccepted ? 'blue' : 'default'}>
                  {t('col.over')} {l.overQuantity}
                </Tag>
              )}
              {l.shortReason && (
                <Tag color="orange" data-testid="receipt-short-reason-recorded">
                  {reasonText[l.shortReason]}
                </Tag>
              )}
            </Space>
          );
        const d = draftOf(l);
        if (d.receivedQuantity === null) return <Typography.Text type="secondary">—</Typography.Text>;
        const s = settle(expectedOf(l), d.receivedQuantity, d.rejectedQuantity ?? 0, d.acceptOverDelivery);
        const choice = shortReasonChoice(l, d.receivedQuantity, d.rejectedQuantity ?? 0);
        const askWhy = mustAskWhy(l, d.receivedQuantity);
        return (
          <Space orientation="vertical" size={0}>
            <strong>{s.accepted}</strong>
            {s.over > 0 && (
              <Checkbox
                checked={d.acceptOverDelivery}
                onChange={(e) => onChange(l.id, { acceptOverDelivery: e.target.checked })}
                data-testid="receipt-over"
              >
                {t('form.overQuestion', { n: s.over })}
              </Checkbox>
            )}
            {s.over > 0 && !d.acceptOverDelivery && (
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('form.overReturned', { n: s.over })}
              </Typography.Text>
            )}
            {choice && (
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('form.shortReason')}
              </Typography.Text>
            )}
            {choice && (
              <Field error={errors[l.id]?.shortReason}>
                <Select<ShortReason>
                  size="small"
                  aria-label={t('form.shortReason')}
                  value={draftShortReason(l, d) ?? undefined}
                  placeholder={t('form.reasonPlaceholder')}
                  status={errors[l.id]?.shortReason ? 'error' : undefined}
                  onChange={(shortReason) => onChange(l.id, { shortReason })}
                  options={choice.reasons.map((r) => ({ value: r, label: reasonText[r] }))}
                  style={{ width: 180 }}
                  data-testid="receipt-short-reason"
                />
              </Field>
            )}
            {askWhy && <RefundCount poId={po.id} lineId={l.id} />}
          </Space>
        );
      },
    },
    {
      title: t('col.lot'),
      key: 'lot',
      width: 170,
      render: (_, l) =>
        isOpen(l) ? (
          <Field error={errors[l.id]?.lotCode}>
            <Input
              maxLength={64}
              placeholder={t('form.lotPlaceholder')}
              value={draftOf(l).lotCode}
              status={errors[l.id]?.lotCode ? 'error' : undefined}
              onChange={(e) => onChange(l.id, { lotCode: e.target.value })}
              data-testid="receipt-lot"
            />
          </Field>
        ) : (
          (l.lotCode ?? '—')
        ),
    },
    {
      title: t('col.expiresOn'),
      key: 'expires',
      width: 160,
      render: (_, l) =>
        isOpen(l) ? (
          <Field error={errors[l.id]?.expiresOn}>
            <DatePicker
              value={draftOf(l).expiresOn ? dayjs(draftOf(l).expiresOn) : null}
              onChange={(d) => onChange(l.id, { expiresOn: d ? d.format('YYYY-MM-DD') : null })}
              data-testid="receipt-expiry"
            />
          </Field>
        ) : (
          (l.expiresOn ?? '—')
        ),
    },
  ];
  return (
    <Table<PurchaseOrderLine>
      rowKey="id"
      size="small"
      columns={columns}
      dataSource={po.lines}
      pagination={false}
      onRow={() => ({ style: { verticalAlign: 'top' } })}
    />
  );
}
