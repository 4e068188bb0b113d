import { Tag } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { yuan } from '../../common/format.ts';
import type { PurchaseOrder } from './confirmation.ts';

export const statusColor: Record<PurchaseOrder['status'], string> = {
  draft: 'default',
  sent: 'warning',
  confirmed: 'primary',
  short_confirmed: 'danger',
  receiving: 'primary',
  received: 'success',
  cancelled: 'default',
};

/** The order's state as a tag. */
export function StatusTag({ status }: { status: PurchaseOrder['status'] }) {
  const { t } = useTranslation('supplier');
  return (
    <Tag color={statusColor[status]} className="sp-tag" data-testid="po-status" data-status={status}>
      {t(`status.${status}`)}
    </Tag>
  );
}

const SHOWN_LINES = 3;

/** One purchase order in the list: when and where to deliver, its state, amount and the first lines. */
export function PurchaseOrderCard({ po, onOpen }: { po: PurchaseOrder; onOpen: () => void }) {
  const { t } = useTranslation('supplier');
  const units = po.lines.reduce((s, l) => s + (l.confirmedQuantity ?? l.orderedQuantity), 0);
  return (
    <button type="button" className="sp-card sp-po" onClick={onOpen} data-testid="po-row" data-po-id={po.id}>
      <span className="sp-row">
        <strong className="sp-po-date">{t('orders.deliveryDate', { date: po.deliveryDate })}</strong>
        <StatusTag status={po.status} />
      </span>
      <span className="sp-po-warehouse" data-testid="po-warehouse">
        {po.warehouse ? t('orders.deliverTo', { name: po.warehouse.name }) : t('orders.noWarehouse')}
      </span>
      <span className="sp-po-lines">
        {po.lines.slice(0, SHOWN_LINES).map((l) => (
          <span key={l.id} className="sp-row">
            <span className="sp-ellipsis">{l.skuName}</span>
            <span className="sp-num">
              {l.confirmedQuantity ?? l.orderedQuantity} {l.unit}
            </span>
          </span>
        ))}
        {po.lines.length > SHOWN_LINES && <span className="sp-muted">{t('orders.more', { count: po.lines.length - SHOWN_LINES })}</span>}
      </span>
      <span className="sp-row sp-po-foot">
        <span className="sp-muted">
          <span data-testid="po-no">{po.poNo}</span> · {t('orders.lines', { count: po.lines.length })} ·{' '}
          {t('orders.units', { count: units })}
        </span>
        <span className="sp-amount">{yuan(po.totalCostFen)}</span>
      </span>
      {po.status === 'sent' && <span className="sp-action-needed">{t('orders.actionNeeded')}</span>}
    </button>
  );
}
