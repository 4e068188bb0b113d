import * as procurement from '@linli/contracts/procurement';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Button, Stepper, Toast } from 'antd-mobile';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../common/api.ts';
import { yuan } from '../../common/format.ts';
import { validate } from '../../common/validation.ts';
import { api, confirmErrorText } from './api.ts';
import { type PurchaseOrder, type Quantities, confirmationBody, fullQuantities, shortShipSummary } from './confirmation.ts';

/** Confirm a sent order: every line in full unless the supplier lowers it (ship short); totals follow as they type. */
export function ConfirmForm({ po, onDone, onCancel }: { po: PurchaseOrder; onDone: () => void; onCancel: () => void }) {
  const { t } = useTranslation('supplier');
  const client = useQueryClient();
  const [quantities, setQuantities] = useState<Quantities>(() => fullQuantities(po));
  const [error, setError] = useState<string | null>(null);
  const summary = shortShipSummary(po, quantities);
  const submit = useMutation({
    mutationFn: (body: procurement.ConfirmPurchaseOrder) => api.post<PurchaseOrder>(`supplier/purchase-orders/${po.id}/confirmation`, body),
    onSuccess: (saved) => {
      client.setQueryData(['supplier-po', po.id], saved);
      void client.invalidateQueries({ queryKey: ['supplier-pos'] });
      Toast.show({ icon: 'success', content: t('confirm.done') });
      onDone();
    },
    onError: (err) => {
      setError(confirmErrorText(t, err));
      if (err instanceof ApiError && err.code === 'INVALID_STATE') void client.invalidateQueries({ queryKey: ['supplier-po', po.id] });
    },
  });
  const send = () => {
    if (summary.overLines.length > 0 || summary.invalidLines.length > 0) return setError(t('confirm.fixErrors'));
    const checked = validate(procurement.ConfirmPurchaseOrder, confirmationBody(po, quantities), t);
    if (!checked.ok) return setError(Object.values(checked.fields)[0] ?? t('confirm.fixErrors'));
    setError(null);
    submit.mutate(checked.value);
  };
  return (
    <section className="sp-card" data-testid="po-confirm-form">
      <div className="sp-row">
        <h3 className="sp-section-title">{t('confirm.title')}</h3>
        <Button size="small" fill="none" color="primary" onClick={() => setQuantities(fullQuantities(po))}>
          {t('confirm.setFull')}
        </Button>
      </div>
      <p className="sp-muted">{t('confirm.intro')}</p>
      <ul className="sp-confirm-lines">
        {po.lines.map((l) => {
          const q = quantities[l.id];
          const over = summary.overLines.includes(l.id);
          const invalid = summary.invalidLines.includes(l.id);
          const short = typeof q === 'number' && q < l.orderedQuantity ? l.orderedQuantity - q : 0;
          return (
            <li key={l.id} className={short ? 'sp-line-short' : undefined}>
              <div className="sp-confirm-name">
                <strong>{l.skuName}</strong>
                <span className="sp-muted">
                  {t('confirm.ofOrdered', { count: l.orderedQuantity, unit: l.unit })} · {yuan(l.costPriceFen)}
                </span>
                {short > 0 && <span className="sp-short">{t('confirm.short', { count: short })}</span>}
                {(over || invalid) && <span className="ll-field-error">{over ? t('confirm.over') : t('common:validation.integer')}</span>}
              </div>
              <Stepper
                min={0}
                max={l.orderedQuantity}
                digits={0}
                allowEmpty
                value={q ?? null}
                onChange={(v) => setQuantities((old) => ({ ...old, [l.id]: v }))}
                className="sp-stepper"
                data-testid="po-line-qty"
                data-line-id={l.id}
              />
            </li>
          );
        })}
      </ul>
      <div className="sp-summary" data-testid="po-summary">
        <strong className={summary.full ? 'sp-ok' : 'sp-short'}>
          {summary.shortLines === 0
            ? t('confirm.summaryFull', { count: summary.confirmedUnits })
            : t('confirm.summaryShort', { count: summary.shortLines, units: summary.shortUnits })}
        </strong>
        <span className="sp-row">
          <span>{t('confirm.confirmedCost')}</span>
          <span className="sp-amount" data-testid="po-confirmed-total">
            {yuan(summary.confirmedCostFen)}
          </span>
        </span>
        {summary.confirmedCostFen !== summary.orderedCostFen && (
          <span className="sp-row sp-muted">
            <span>{t('confirm.orderedCost')}</span>
            <span>{yuan(summary.orderedCostFen)}</span>
          </span>
        )}
      </div>
      {error && (
        <p className="ll-field-error" data-testid="po-error">
          {error}
        </p>
      )}
      <div className="sp-buttons">
        <Button size="large" onClick={onCancel}>
          {t('common:cancel')}
        </Button>
        <Button size="large" color="primary" loading={submit.isPending} onClick={send} data-testid="po-submit">
          {summary.shortLines > 0 ? t('confirm.submitShort') : t('confirm.submit')}
        </Button>
      </div>
    </section>
  );
}
