import * as feedback from '@linli/contracts/feedback';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, List, NavBar, Selector, TextArea, Toast } from 'antd-mobile';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { errorText } from '../../../common/i18n.ts';
import { QueryState } from '../../../mobile/QueryState.tsx';
import { api, keys } from '../api.ts';
import type { Order } from '../types.ts';
import { type ComplaintTarget, feedbackKeys } from './api.ts';

const TARGETS: ComplaintTarget[] = ['leader', 'supplier', 'driver'];

/** Complain about one of my orders: its leader, a line's supplier, or the driver who delivered it. */
export default function FileComplaint() {
  const { t } = useTranslation('shop');
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const client = useQueryClient();
  const order = useQuery({ queryKey: keys.order(id), queryFn: () => api.get<Order>(`shop/orders/${id}`) });
  const [target, setTarget] = useState<ComplaintTarget | undefined>();
  const [lineId, setLineId] = useState<string | undefined>();
  const [description, setDescription] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async () => {
    const body = feedback.FileComplaint.safeParse({
      orderId: id,
      target,
      description,
      ...(target === 'supplier' && lineId ? { orderLineId: lineId } : {}),
    });
    if (!body.success) {
      setError(t(target ? 'feedback.descriptionPlaceholder' : 'feedback.target'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await api.post('shop/complaints', body.data);
      await client.invalidateQueries({ queryKey: feedbackKeys.order(id) });
      await client.invalidateQueries({ queryKey: feedbackKeys.complaints });
      Toast.show({ content: t('feedback.complaintFiled'), icon: 'success' });
      navigate('/complaints', { replace: true });
    } catch (err) {
      setError(errorText(t, err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="ll-page">
      <NavBar onBack={() => navigate(-1)}>{t('feedback.complainTitle')}</NavBar>
      <main className="ll-content" data-testid="complaint-form">
        <QueryState query={order}>
          {(o) => (
            <>
              <List mode="card" header={t('feedback.target')}>
                <List.Item>
                  <Selector
                    columns={1}
                    value={target ? [target] : []}
                    onChange={(v) => setTarget(v[0])}
                    options={TARGETS.map((k) => ({
                      label: <span data-testid={`complaint-target-${k}`}>{t(`feedback.targets.${k}`)}</span>,
                      value: k,
                    }))}
                  />
                </List.Item>
              </List>
              {target === 'supplier' && o.lines.length > 1 && (
                <List mode="card" header={t('feedback.line')}>
                  <List.Item>
                    <Selector
                      columns={1}
                      value={lineId ? [lineId] : []}
                      onChange={(v) => setLineId(v[0])}
                      options={o.lines.map((l) => ({ label: l.title, value: l.id }))}
                      data-testid="complaint-line"
                    />
                  </List.Item>
                </List>
              )}
              <List mode="card" header={t('feedback.description')}>
                <List.Item>
                  <TextArea
                    value={description}
                    onChange={setDescription}
                    placeholder={t('feedback.descriptionPlaceholder')}
                    maxLength={1000}
                    rows={4}
                    showCount
                    data-testid="complaint-description"
                  />
                </List.Item>
              </List>
              {error && (
                <div className="ll-field-error" style={{ padding: '8px 16px' }} data-testid="complaint-error">
                  {error}
                </div>
              )}
              <div style={{ padding: 16 }}>
                <Button block color="primary" loading={busy} onClick={() => void submit()} data-testid="complaint-submit">
                  {t('feedback.submitComplaint')}
                </Button>
              </div>
            </>
          )}
        </QueryState>
      </main>
    </div>
  );
}
