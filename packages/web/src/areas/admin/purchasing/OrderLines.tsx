import { AdjustPurchaseOrder } from '@linli/contracts/procurement';
import { InputNumber, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import { yuan } from '../../../common/format.ts';
import { issueText } from '../../../common/validation.ts';
import type { PurchaseOrder, PurchaseOrderLine } from './shared.tsx';

const quantitySchema = AdjustPurchaseOrder.shape.lines.element.shape.orderedQuantity;

/** What the supplier said about a line: waiting, in full, or short by some units. */
export function confirmation(line: PurchaseOrderLine): { kind: 'awaiting' | 'full' | 'short'; short: number } {
  if (line.confirmedQuantity === null) return { kind: 'awaiting', short: 0 };
  const short = line.orderedQuantity - line.confirmedQuantity;
  return short > 0 ? { kind: 'short', short } : { kind: 'full', short: 0 };
}

/**
 * The lines of a purchase order: demand, stock and the suggestion beside the quantity to buy
 * (editable on a draft, checked with the contract's schema), the supplier's confirmation or
 * short shipment, and what the warehouse received.
 */
export function OrderLines({
  po,
  edits,
  onEdit,
}: {
  po: PurchaseOrder;
  edits: Record<string, number | null>;
  onEdit: ((lineId: string, value: number | null) => void) | undefined;
}) {
  const { t } = useTranslation('purchasing');
  const received = po.lines.some((l) => l.receivedQuantity !== null);
  const columns: ColumnsType<PurchaseOrderLine> = [
    { title: t('col.sku'), dataIndex: 'skuName', ellipsis: true, width: 200, fixed: 'left' },
    { title: t('col.unit'), dataIndex: 'unit', width: 56 },
    { title: t('col.demand'), dataIndex: 'demandQuantity', width: 70, align: 'right' },
    { title: t('col.stock'), dataIndex: 'stockQuantity', width: 64, align: 'right' },
    { title: t('col.suggested'), dataIndex: 'suggestedQuantity', width: 86, align: 'right' },
    {
      title: t('col.ordered'),
      key: 'ordered',
      width: 170,
      align: 'right',
      render: (_, l) => {
        if (!onEdit)
          return (
            <Space size={4}>
              {l.adjusted && <Tag>{t('detail.adjusted')}</Tag>}
              <strong>{l.orderedQuantity}</strong>
            </Space>
          );
        const value = l.id in edits ? edits[l.id] : l.orderedQuantity;
        const check = quantitySchema.safeParse(value ?? undefined);
        const problem = check.success ? null : issueText(t, check.error.issues[0]!);
        return (
          <>
            {l.adjusted && <Tag style={{ marginInlineEnd: 4 }}>{t('detail.adjusted')}</Tag>}
            <InputNumber
              size="small"
              min={0}
              precision={0}
              value={value}
              status={problem ? 'error' : undefined}
              onChange={(v) => onEdit(l.id, v === null ? null : Number(v))}
              style={{ width: 96 }}
              data-testid="po-line-qty"
            />
            {problem && (
              <Typography.Text type="danger" style={{ display: 'block', fontSize: 12 }} data-testid="po-line-error">
                {problem}
              </Typography.Text>
            )}
          </>
        );
      },
    },
    {
      title: t('col.confirmed'),
      key: 'confirmed',
      width: 130,
      render: (_, l) => {
        const c = confirmation(l);
        if (c.kind === 'awaiting') return <Typography.Text type="secondary">{t('detail.awaiting')}</Typography.Text>;
        if (c.kind === 'full')
          return (
            <Space size={4}>
              {l.confirmedQuantity}
              <Tag color="green">{t('detail.confirmedFull')}</Tag>
            </Space>
          );
        return (
          <Space size={4} data-testid="po-line-short">
            {l.confirmedQuantity}
            <Tag color="orange">{t('detail.shortBy', { n: c.short })}</Tag>
          </Space>
        );
      },
    },
    ...(received
      ? ([
          { title: t('col.received'), dataIndex: 'receivedQuantity', width: 64, align: 'right' },
          { title: t('col.rejected'), dataIndex: 'rejectedQuantity', width: 64, align: 'right' },
          {
            title: t('col.accepted'),
            key: 'accepted',
            width: 150,
            render: (_, l) => (
              <Space size={4} wrap>
                {l.acceptedQuantity ?? '—'}
                {(l.overQuantity ?? 0) > 0 && (
                  <Tag color={l.overAccepted ? 'blue' : 'default'}>
                    {t(l.overAccepted ? 'detail.overKept' : 'detail.over', { n: l.overQuantity })}
                  </Tag>
                )}
              </Space>
            ),
          },
        ] as ColumnsType<PurchaseOrderLine>)
      : []),
    { title: t('col.cost'), dataIndex: 'costPriceFen', width: 90, align: 'right', render: (v: number) => yuan(v) },
    {
      title: t('col.lineTotal'),
      key: 'total',
      width: 110,
      align: 'right',
      render: (_, l) => {
        const q = l.id in edits && edits[l.id] !== null ? (edits[l.id] as number) : (l.confirmedQuantity ?? l.orderedQuantity);
        return yuan(q * l.costPriceFen);
      },
    },
  ];
  return (
    <Table<PurchaseOrderLine>
      rowKey="id"
      size="small"
      columns={columns}
      dataSource={po.lines}
      pagination={false}
      scroll={{ x: received ? 1240 : 1000 }}
    />
  );
}
