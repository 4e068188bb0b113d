import * as feedback from '@linli/contracts/feedback';
import { useQueryClient } from '@tanstack/react-query';
import { Button, List, NavBar, TextArea, Toast } from 'antd-mobile';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { errorText } from '../../../common/i18n.ts';
import { api } from '../api.ts';
import { feedbackKeys } from './api.ts';

const KINDS = ['items', 'freshness', 'service'] as const;

/** Five stars as buttons: a tap or a click sets the score (1–5). */
function Stars({ value, onChange, testId }: { value: number; onChange: (v: number) => void; testId: string }) {
  return (
    <div data-testid={testId} style={{ display: 'flex', gap: 4 }}>
      {[1, 2, 3, 4, 5].map((n) => (
        <button
          key={n}
          type="button"
          aria-pressed={value >= n}
          aria-label={String(n)}
          onClick={() => onChange(n)}
          style={{ border: 0, background: 'none', padding: 2, fontSize: 24, lineHeight: 1, color: value >= n ? '#ffb400' : '#ddd' }}
        >
          ★
        </button>
      ))}
    </div>
  );
}

/** Rate a picked-up order: items, freshness and the leader's service, 1–5 stars, and a comment; once. */
export default function RateOrder() {
  const { t } = useTranslation('shop');
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const client = useQueryClient();
  const [scores, setScores] = useState<Record<(typeof KINDS)[number], number>>({ items: 0, freshness: 0, service: 0 });
  const [comment, setComment] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async () => {
    const body = feedback.RateOrder.safeParse({
      itemsScore: scores.items,
      freshnessScore: scores.freshness,
      serviceScore: scores.service,
      ...(comment.trim() ? { comment: comment.trim() } : {}),
    });
    if (!body.success) {
      setError(t('feedback.scoresRequired'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await api.post(`shop/orders/${id}/rating`, body.data);
      await client.invalidateQueries({ queryKey: feedbackKeys.order(id) });
      Toast.show({ content: t('feedback.ratingThanks'), icon: 'success' });
      navigate(`/orders/${id}`, { replace: true });
    } catch (err) {
      setError(errorText(t, err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="ll-page">
      <NavBar onBack={() => navigate(-1)}>{t('feedback.rate')}</NavBar>
      <main className="ll-content" data-testid="rate-form">
        <List mode="card">
          {KINDS.map((k) => (
            <List.Item
              key={k}
              extra={<Stars value={scores[k]} onChange={(v) => setScores((s) => ({ ...s, [k]: v }))} testId={`rate-${k}`} />}
            >
              {t(`feedback.scores.${k}`)}
            </List.Item>
          ))}
        </List>
        <List mode="card" header={t('feedback.comment')}>
          <List.Item>
            <TextArea
              value={comment}
              onChange={setComment}
              placeholder={t('feedback.commentPlaceholder')}
              maxLength={500}
              rows={3}
              showCount
              data-testid="rate-comment"
            />
          </List.Item>
        </List>
        <div className="ll-muted" style={{ padding: '0 16px' }}>
          {t('feedback.ratingOnce')}
        </div>
        {error && (
          <div className="ll-field-error" style={{ padding: '8px 16px' }} data-testid="rate-error">
            {error}
          </div>
        )}
        <div style={{ padding: 16 }}>
          <Button block color="primary" loading={busy} onClick={() => void submit()} data-testid="rate-submit">
            {t('feedback.submitRating')}
          </Button>
        </div>
      </main>
    </div>
  );
}
