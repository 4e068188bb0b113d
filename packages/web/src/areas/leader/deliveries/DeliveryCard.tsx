import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Button, Dialog, NoticeBar, Stepper, Switch, Tag } from 'antd-mobile';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { yuan } from '../../../common/format.ts';
import { errorText } from '../../../common/i18n.ts';
import { api, type Delivery, type Handover } from '../api.ts';
import { canConfirm, checkinSummary } from './checkin.ts';

const stopColor: Record<Delivery['status'], string> = {
  pending: 'default',
  arrived: 'warning',
  handed_over: 'warning',
  confirmed: 'success',
  failed: 'danger',
};

/** One delivery to one of my pickup points: count it in per SKU, or sign off the whole bundle. */
export function DeliveryCard({ delivery: d }: { delivery: Delivery }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [received, setReceived] = useState<Record<string, number>>({});
  const [sealIntact, setSealIntact] = useState(true);
  const [done, setDone] = useState<Handover | null>(null);
  const summary = checkinSummary(d.lines, received, sealIntact);
  const editable = canConfirm(d.status) && !done;
  // Once signed for, the server's count: the bundle refetched afterwards is net of the shortage refunds.
  const signed = done ?? d.handover;
  const units = signed ?? summary;
  const shortOf = new Map((done?.discrepancies ?? d.handover?.lines ?? []).map((l) => [l.skuId, l.expected - l.received]));
  const confirm = useMutation({
    mutationFn: () => api.post<Handover>(`leader/deliveries/${encodeURIComponent(d.stopId)}/confirm`, summary.body),
    onSuccess: (handover) => {
      setDone(handover);
      void client.invalidateQueries({ queryKey: ['leader', 'deliveries'] });
      void client.invalidateQueries({ queryKey: ['leader', 'summary'] });
    },
  });

  const ask = () => {
    void Dialog.confirm({
      title: summary.shortUnits ? t('deliveries.confirmShortTitle') : t('deliveries.confirmAllTitle'),
      content: summary.shortUnits ? (
        <div>
          {summary.shortfalls.map((s) => (
            <div key={s.skuId} className="ll-row">
              <span>{s.title}</span>
              <span className="ld-short">{t('deliveries.shortBy', { count: s.short })}</span>
            </div>
          ))}
          <p className="ll-muted">{sealIntact ? t('deliveries.blameWarehouse') : t('deliveries.blameDriver')}</p>
        </div>
      ) : (
        t('deliveries.confirmAllText', { count: summary.expectedUnits })
      ),
      confirmText: t('common:confirm'),
      cancelText: t('common:cancel'),
      onConfirm: () => confirm.mutate(),
    });
  };

  return (
    <div className="ll-card" data-testid="deliveries-item">
      <div className="ll-row">
        <span className="lc-title">{d.pickupPointName}</span>
        <Tag color={done ? 'success' : stopColor[d.status]} fill="outline" data-testid="delivery-status">
          {t(`stopStatus.${done ? 'confirmed' : d.status}`)}
        </Tag>
      </div>
      <div className="ll-muted">{t('deliveries.bundle', { units: units.expectedUnits, lines: d.lines.length })}</div>
      <div className="ld-lines">
        {d.lines.map((l) => (
          <div key={l.skuId} className="ll-row ld-line">
            <span className="ld-title">{l.title}</span>
            {editable ? (
              <span className="ld-count" data-testid={`received-${l.skuId}`}>
                <span className="ll-muted">{t('deliveries.sent', { count: l.quantity })}</span>
                <Stepper
                  min={0}
                  max={l.quantity}
                  digits={0}
                  value={received[l.skuId] ?? l.quantity}
                  onChange={(v) => setReceived((r) => ({ ...r, [l.skuId]: v ?? l.quantity }))}
                />
              </span>
            ) : (
              <span>
                ×{l.quantity}
                {(shortOf.get(l.skuId) ?? 0) > 0 && (
                  <span className="ld-short"> {t('deliveries.shortBy', { count: shortOf.get(l.skuId) })}</span>
                )}
              </span>
            )}
          </div>
        ))}
      </div>
      <div className={units.shortUnits ? 'ld-summary ld-summary-short' : 'ld-summary'} data-testid="delivery-summary">
        {t('deliveries.summary', { expected: units.expectedUnits, received: units.receivedUnits, short: units.shortUnits })}
      </div>
      {editable && (
        <>
          <div className="ll-row ld-seal">
            <span>
              {t('deliveries.seal')}
              <div className="ll-muted">{t('deliveries.sealHint')}</div>
            </span>
            <Switch checked={sealIntact} onChange={setSealIntact} />
          </div>
          {confirm.isError && <NoticeBar color="error" wrap content={errorText(t, confirm.error)} />}
          <Button block color="primary" size="large" loading={confirm.isPending} onClick={ask} data-testid="confirm-delivery">
            {summary.shortUnits ? t('deliveries.confirmShort', { count: summary.shortUnits }) : t('deliveries.confirmAll')}
          </Button>
        </>
      )}
      {d.status === 'pending' && <p className="ll-muted">{t('deliveries.onTheWay')}</p>}
      {done && (
        <NoticeBar
          color="success"
          wrap
          data-testid="delivery-done"
          content={
            done.discrepancies.length
              ? t('deliveries.doneShort', { orders: done.ordersDelivered, refunded: yuan(done.refundedFen) })
              : t('deliveries.done', { orders: done.ordersDelivered })
          }
        />
      )}
    </div>
  );
}
