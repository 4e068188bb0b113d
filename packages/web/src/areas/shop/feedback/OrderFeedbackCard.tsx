import { useQuery } from '@tanstack/react-query';
import { Button, Rate } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api } from '../api.ts';
import { feedbackKeys, type OrderFeedback } from './api.ts';

/** On a delivered or picked-up order: my rating (or "rate"), "complain", and my complaints about it. */
export function OrderFeedbackCard({ orderId }: { orderId: string }) {
  const { t } = useTranslation('shop');
  const navigate = useNavigate();
  const fb = useQuery({ queryKey: feedbackKeys.order(orderId), queryFn: () => api.get<OrderFeedback>(`shop/orders/${orderId}/feedback`) });
  const f = fb.data;
  if (!f || (!f.mayComplain && !f.rating && f.complaints.length === 0)) return null;
  return (
    <section className="ll-card" data-testid="order-feedback">
      <div className="ll-row">
        <b>{f.rating ? t('feedback.rated') : t('feedback.card')}</b>
        <div className="shop-actions" style={{ marginTop: 0 }}>
          {f.mayComplain && (
            <Button size="small" shape="rounded" onClick={() => navigate(`/orders/${orderId}/complain`)} data-testid="order-complain">
              {t('feedback.complain')}
            </Button>
          )}
          {f.mayRate && (
            <Button
              size="small"
              shape="rounded"
              color="primary"
              onClick={() => navigate(`/orders/${orderId}/rate`)}
              data-testid="order-rate"
            >
              {t('feedback.rate')}
            </Button>
          )}
        </div>
      </div>
      {f.rating && (
        <div data-testid="order-rating">
          {(['items', 'freshness', 'service'] as const).map((k) => (
            <div className="shop-kv" key={k}>
              <span>{t(`feedback.scores.${k}`)}</span>
              <Rate readOnly value={f.rating![`${k}Score`]} style={{ '--star-size': '16px' } as React.CSSProperties} />
            </div>
          ))}
          {f.rating.comment && <div className="ll-muted">{f.rating.comment}</div>}
        </div>
      )}
      {!f.rating && !f.mayRate && <div className="ll-muted">{t('feedback.rateAfterPickup')}</div>}
      {f.complaints.map((c) => (
        <div key={c.id} className="shop-kv" data-testid="order-complaint" data-state={c.state}>
          <span>{t('feedback.against', { target: t(`feedback.targets.${c.target}`), name: c.targetName })}</span>
          <span className={`shop-status shop-status-${c.state}`}>{t(`feedback.states.${c.state}`)}</span>
        </div>
      ))}
    </section>
  );
}
