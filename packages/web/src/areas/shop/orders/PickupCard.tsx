import { useQuery } from '@tanstack/react-query';
import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../../common/i18n.ts';
import { api } from '../api.ts';
import type { PickupTicket } from '../types.ts';
import { Spinner } from '../../../mobile/Spinner.tsx';

// The QR code library loads only when a pickup code is shown.
const QrImage = lazy(() => import('../../../common/QrImage.tsx').then((m) => ({ default: m.QrImage })));

/**
 * The pickup ticket of an order that has one. Its key is outside the orders' (`keys.orders`), so
 * refreshing the orders after a cancel or a refund does not ask for the ticket of an order that
 * no longer has one (the server answers that with 409 INVALID_STATE).
 */
export function usePickupTicket(orderId: string, enabled: boolean) {
  return useQuery({
    queryKey: ['shop', 'pickup-ticket', orderId],
    queryFn: () => api.get<PickupTicket>(`shop/orders/${orderId}/pickup`),
    enabled,
  });
}

/** The code and QR code the leader scans at pickup, and how much has been handed out. */
export function PickupCard({ ticket }: { ticket: ReturnType<typeof usePickupTicket> }) {
  const { t } = useTranslation('shop');
  if (ticket.isPending) {
    return (
      <div className="ll-card ll-center">
        <Spinner />
      </div>
    );
  }
  if (ticket.isError) return <div className="shop-error">{errorText(t, ticket.error)}</div>;
  const tk = ticket.data;
  const done = tk.state === 'picked';
  return (
    <section className="ll-card" data-testid="pickup-card" data-state={tk.state}>
      <div className="ll-row">
        <h3 className="shop-section-title">{t('orders.pickupCode')}</h3>
        <span className={`shop-status shop-status-${done ? 'picked_up' : 'paid'}`} data-testid="pickup-state">
          {t(`orders.picked.${tk.state}`)}
        </span>
      </div>
      <div className="shop-code" data-testid="pickup-code" style={done ? { color: '#bbb', textDecoration: 'line-through' } : undefined}>
        {tk.pickupCode}
      </div>
      {!done && (
        <>
          <div className="shop-qr">
            <Suspense fallback={<Spinner size={20} />}>
              <QrImage value={tk.qrPayload} size={200} alt={t('orders.qr')} />
            </Suspense>
          </div>
          <p className="ll-hint">{t('orders.pickupHint')}</p>
        </>
      )}
    </section>
  );
}
