import { useQuery } from '@tanstack/react-query';
import { Button } from 'antd-mobile';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate, useParams } from 'react-router';
import { dateTime, yuan } from '../../common/format.ts';
import { QueryState } from '../../mobile/QueryState.tsx';
import { api } from './api.ts';
import { ConfirmForm } from './ConfirmForm.tsx';
import { type PurchaseOrder, type PurchaseOrderLine, canConfirm, lineCostFen } from './confirmation.ts';
import { StatusTag } from './PurchaseOrderCard.tsx';
import { TopBar } from './TopBar.tsx';

function Line({ line }: { line: PurchaseOrderLine }) {
  const { t } = useTranslation('supplier');
  const qty = line.confirmedQuantity ?? line.orderedQuantity;
  const cell = (label: string, value: number | null, testid?: string) =>
    value === null ? null : (
      <span className="sp-cell" data-testid={testid}>
        <span className="sp-muted">{label}</span>
        <strong>{value}</strong>
      </span>
    );
  return (
    <li className="sp-line" data-testid="po-line" data-line-id={line.id}>
      <div className="sp-row">
        <strong className="sp-ellipsis">{line.skuName}</strong>
        <span className="sp-amount">{yuan(lineCostFen(line, qty))}</span>
      </div>
      <div className="sp-cells">
        {cell(t('detail.ordered'), line.orderedQuantity)}
        {cell(t('detail.confirmed'), line.confirmedQuantity, 'po-line-confirmed')}
        {cell(t('detail.received'), line.receivedQuantity)}
        {cell(t('detail.accepted'), line.acceptedQuantity)}
        {line.rejectedQuantity ? cell(t('detail.rejected'), line.rejectedQuantity) : null}
      </div>
      <span className="sp-muted">
        {t('detail.unit')} {line.unit} · {t('detail.costPrice')} {yuan(line.costPriceFen)}
        {line.lotCode && ` · ${t('detail.lot', { lot: line.lotCode })}`}
        {line.expiresOn && ` · ${t('detail.expires', { date: line.expiresOn })}`}
      </span>
    </li>
  );
}

function Detail({ po }: { po: PurchaseOrder }) {
  const { t } = useTranslation('supplier');
  const [confirming, setConfirming] = useState(false);
  const times: Array<[string, string | null]> = [
    [t('orders.sentAt'), po.sentAt],
    [t('orders.confirmedAt'), po.confirmedAt],
    [t('orders.receivedAt'), po.receivedAt],
  ];
  return (
    <main className="ll-content sp-content">
      <section className="sp-card">
        <div className="sp-row">
          <strong className="sp-po-date">{t('orders.deliveryDate', { date: po.deliveryDate })}</strong>
          <StatusTag status={po.status} />
        </div>
        <div className="sp-warehouse" data-testid="po-warehouse">
          <span className="sp-muted">{t('detail.warehouse')}</span>
          {po.warehouse ? (
            <>
              <strong>{po.warehouse.name}</strong>
              <span>{po.warehouse.address}</span>
            </>
          ) : (
            <strong>{t('orders.noWarehouse')}</strong>
          )}
        </div>
        <dl className="sp-facts">
          {times.map(([label, at]) =>
            at ? (
              <div key={label}>
                <dt>{label}</dt>
                <dd>{dateTime(at)}</dd>
              </div>
            ) : null,
          )}
          <div>
            <dt>{t('orders.total')}</dt>
            <dd className="sp-amount" data-testid="po-total">
              {yuan(po.totalCostFen)}
            </dd>
          </div>
          <div>
            <dt>{t('detail.no')}</dt>
            <dd className="sp-muted" data-testid="po-no">
              {po.poNo}
            </dd>
          </div>
        </dl>
      </section>
      {confirming ? (
        <ConfirmForm po={po} onDone={() => setConfirming(false)} onCancel={() => setConfirming(false)} />
      ) : (
        <section className="sp-card">
          <h3 className="sp-section-title">{t('detail.lines')}</h3>
          <ul className="sp-lines">
            {po.lines.map((l) => (
              <Line key={l.id} line={l} />
            ))}
          </ul>
          {canConfirm(po) && (
            <Button block size="large" color="primary" onClick={() => setConfirming(true)} data-testid="po-confirm">
              {t('detail.confirm')}
            </Button>
          )}
        </section>
      )}
    </main>
  );
}

/** One purchase order: its lines and what happened to them, and the confirmation while it waits for one. */
export function PurchaseOrderPage() {
  const { t } = useTranslation('supplier');
  const { id = '' } = useParams();
  const navigate = useNavigate();
  // Back to the list as it was (its filter) when we came from it, else to the list.
  const cameFromApp = useLocation().key !== 'default';
  const po = useQuery({ queryKey: ['supplier-po', id], queryFn: () => api.get<PurchaseOrder>(`supplier/purchase-orders/${id}`) });
  return (
    <div className="ll-page sp-page">
      <TopBar title={t('detail.title')} onBack={() => (cameFromApp ? navigate(-1) : navigate('/'))} />
      <QueryState query={po}>{(data) => <Detail po={data} />}</QueryState>
    </div>
  );
}
