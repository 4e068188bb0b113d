import { useQueryClient } from '@tanstack/react-query';
import { Button, Popup } from 'antd-mobile';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { shortDateTime, yuan } from '../../../common/format.ts';
import { errorText } from '../../../common/i18n.ts';
import { inWechat, wechatPay } from '../../../common/wechat.ts';
import { api, keys } from '../api.ts';
import type { Order, PaymentIntent } from '../types.ts';

/** Where WeChat Pay's H5 page sends the payer back to: the order, which shows paid once WeChat Pay told the server. */
function h5Address(h5Url: string, orderId: string): string {
  const back = `${window.location.origin}/shop/orders/${encodeURIComponent(orderId)}`;
  return `${h5Url}${h5Url.includes('?') ? '&' : '?'}redirect_url=${encodeURIComponent(back)}`;
}

/**
 * The wallet's "pay ¥x" sheet. With WeChat Pay, confirming asks the server for an H5 payment and
 * opens WeChat Pay's page, which comes back to the order; inside WeChat it asks for JSAPI (the
 * server pays with the openid of the resident's WeChat login, or answers H5 without one) and hands
 * the signed request to WeixinJSBridge, then the order shows paid once WeChat Pay told the server. With the dev provider, confirming sends
 * the signed notification the wallet would send (or asks the server to pay at once when there is none).
 */
export function PaySheet({
  order,
  payment,
  onClose,
  onPaid,
}: {
  order: Pick<Order, 'id' | 'orderNo' | 'totalFen' | 'expiresAt'> | null;
  payment?: PaymentIntent | undefined;
  onClose: () => void;
  onPaid: (orderId: string) => void;
}) {
  const { t } = useTranslation('shop');
  const client = useQueryClient();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const pay = async () => {
    if (!order) return;
    setBusy(true);
    setError(null);
    try {
      if (payment && payment.provider !== 'dev') {
        const h5 = await api.post<PaymentIntent>(`shop/orders/${order.id}/payments`, { channel: inWechat() ? 'jsapi' : 'h5' });
        if (h5.jsapi) {
          const result = await wechatPay(h5.jsapi);
          if (result === 'fail') setError(t('pay.wechatFailed'));
          if (result !== 'ok') return;
          await client.invalidateQueries({ queryKey: keys.orders });
          onPaid(order.id);
          return;
        }
        if (h5.h5Url) {
          window.location.assign(h5Address(h5.h5Url, order.id));
          return;
        }
      }
      if (payment?.devNotification && payment.status === 'pending') await api.post('payments/dev/notify', payment.devNotification);
      else await api.post(`shop/orders/${order.id}/payments`, { mode: 'instant' });
      await client.invalidateQueries({ queryKey: keys.orders });
      await client.invalidateQueries({ queryKey: keys.campaigns });
      onPaid(order.id);
    } catch (err) {
      setError(errorText(t, err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Popup
      visible={order !== null}
      onMaskClick={busy ? undefined : onClose}
      bodyStyle={{ borderTopLeftRadius: 16, borderTopRightRadius: 16 }}
      afterClose={() => setError(null)}
    >
      {order && (
        <div className="shop-pay" data-testid="pay-sheet">
          <div className="ll-row">
            <b>{t('pay.title')}</b>
            <Button size="small" fill="none" onClick={onClose} disabled={busy} data-testid="pay-later">
              {t('pay.later')}
            </Button>
          </div>
          <div className="ll-muted" style={{ textAlign: 'center', marginTop: 8 }}>
            {t('pay.merchant', { no: order.orderNo })}
          </div>
          <div className="shop-pay-amount" data-testid="pay-amount">
            {yuan(order.totalFen)}
          </div>
          <div className="ll-hint">{t('pay.expiresAt', { time: shortDateTime(order.expiresAt) })}</div>
          {error && (
            <div className="shop-error" data-testid="pay-error">
              {error}
            </div>
          )}
          <Button block color="success" size="large" loading={busy} onClick={pay} data-testid="pay-confirm" style={{ marginTop: 12 }}>
            {t('pay.confirm', { amount: yuan(order.totalFen) })}
          </Button>
          {payment?.provider === 'wechatpay' ? (
            <p className="ll-hint">{t('pay.wechatHint')}</p>
          ) : (
            <p className="ll-hint">{t('pay.devHint')}</p>
          )}
        </div>
      )}
    </Popup>
  );
}
