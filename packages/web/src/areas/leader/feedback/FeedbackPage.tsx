import type * as feedback from '@linli/contracts/feedback';
import { useQuery } from '@tanstack/react-query';
import { Tag } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { shortDateTime } from '../../../common/format.ts';
import { QueryState } from '../../../mobile/QueryState.tsx';
import { api } from '../api.ts';
import { Page } from '../Page.tsx';

type Mine = z.infer<typeof feedback.MyFeedback>;
const percent = (rate: number | null) => (rate === null ? '—' : `${(rate * 100).toFixed(1)}%`);
const stars = (n: number) => '★'.repeat(n) + '☆'.repeat(5 - n);

/**
 * Me → residents' feedback (居民评价): my complaint and rating rates over the last 30 days, the
 * newest ratings with their comments and the complaints against me with how support resolved them;
 * never who gave them.
 */
export default function FeedbackPage() {
  const { t } = useTranslation();
  const mine = useQuery({ queryKey: ['leader', 'feedback'], queryFn: () => api.get<Mine>('leader/feedback') });
  return (
    <Page title={t('feedback.title')} back>
      <QueryState query={mine}>
        {(m) => (
          <>
            <div className="ll-card" data-testid="feedback-rates">
              <div className="lh-card-title">{t('feedback.period', { from: m.from, to: m.to })}</div>
              <p>{t('feedback.service', { score: m.rates.avgServiceScore?.toFixed(1) ?? '—', n: m.rates.ratings })}</p>
              <p>
                {t('feedback.complaints', { n: m.rates.complaints, orders: m.rates.pickedUpOrders, rate: percent(m.rates.complaintRate) })}
              </p>
              <p className="ll-muted">{t('feedback.hint')}</p>
            </div>
            <div className="ll-card">
              <div className="lh-card-title">{t('feedback.ratingsTitle')}</div>
              {m.ratings.length === 0 && <p className="ll-muted">{t('feedback.noRatings')}</p>}
              {m.ratings.map((r) => (
                <div className="ll-row" key={r.createdAt} data-testid="feedback-rating">
                  <div>
                    <div>
                      {t('feedback.serviceStars')} {stars(r.serviceScore)}
                    </div>
                    {r.comment && <div>{r.comment}</div>}
                    <div className="ll-muted">{shortDateTime(r.createdAt)}</div>
                  </div>
                </div>
              ))}
            </div>
            <div className="ll-card">
              <div className="lh-card-title">{t('feedback.complaintsTitle')}</div>
              {m.complaints.length === 0 && <p className="ll-muted">{t('feedback.noComplaints')}</p>}
              {m.complaints.map((c) => (
                <div className="ll-row" key={c.createdAt} data-testid="feedback-complaint">
                  <div>
                    <div>{c.description}</div>
                    {c.resolution && <div className="ll-muted">{t('feedback.resolution', { text: c.resolution })}</div>}
                    <div className="ll-muted">{shortDateTime(c.createdAt)}</div>
                  </div>
                  <Tag color={c.state !== 'resolved' ? 'warning' : c.outcome === 'dismissed' ? 'success' : 'danger'}>
                    {c.state !== 'resolved' ? t('feedback.open') : t(`feedback.outcome.${c.outcome ?? 'upheld'}`)}
                  </Tag>
                </div>
              ))}
            </div>
          </>
        )}
      </QueryState>
    </Page>
  );
}
