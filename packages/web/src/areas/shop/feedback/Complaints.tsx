import * as feedback from '@linli/contracts/feedback';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, NavBar, Steps, TextArea, Toast } from 'antd-mobile';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { shortDateTime } from '../../../common/format.ts';
import { errorText } from '../../../common/i18n.ts';
import { QueryState } from '../../../mobile/QueryState.tsx';
import { api } from '../api.ts';
import { type Complaint, feedbackKeys } from './api.ts';

function ComplaintCard({ c }: { c: Complaint }) {
  const { t } = useTranslation('shop');
  const client = useQueryClient();
  const [appealing, setAppealing] = useState(false);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const appeal = async () => {
    const body = feedback.AppealComplaint.safeParse({ reason });
    if (!body.success) {
      Toast.show({ content: t('feedback.appealPlaceholder') });
      return;
    }
    setBusy(true);
    try {
      await api.post(`shop/complaints/${c.id}/appeal`, body.data);
      Toast.show({ content: t('feedback.appealed'), icon: 'success' });
      setAppealing(false);
      await client.invalidateQueries({ queryKey: feedbackKeys.complaints });
    } catch (err) {
      Toast.show({ content: errorText(t, err), icon: 'fail' });
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="ll-card" data-testid="complaint-row" data-complaint-id={c.id}>
      <div className="ll-row">
        <b>{t('feedback.against', { target: t(`feedback.targets.${c.target}`), name: c.targetName })}</b>
        <span className={`shop-status shop-status-${c.state}`} data-testid="complaint-state" data-state={c.state}>
          {t(`feedback.states.${c.state}`)}
        </span>
      </div>
      <div className="ll-muted" style={{ margin: '4px 0' }}>
        {c.orderNo} · {shortDateTime(c.createdAt)}
      </div>
      <div>{c.description}</div>
      {c.resolution && (
        <div className="ll-muted" data-testid="complaint-resolution">
          {t('feedback.resolution', { resolution: c.resolution })}
        </div>
      )}
      <Steps
        direction="vertical"
        current={c.steps.length - 1}
        style={{ '--title-font-size': '13px', padding: '4px 0' } as React.CSSProperties}
      >
        {c.steps.map((s) => (
          <Steps.Step
            key={`${s.at}-${s.step}`}
            title={t(`feedback.stepNames.${s.step}`)}
            description={shortDateTime(s.at)}
            status="finish"
          />
        ))}
      </Steps>
      {c.mayAppeal && !appealing && (
        <div className="shop-actions">
          <Button size="small" shape="rounded" onClick={() => setAppealing(true)} data-testid="complaint-appeal">
            {t('feedback.appeal')}
          </Button>
        </div>
      )}
      {appealing && (
        <div>
          <TextArea
            value={reason}
            onChange={setReason}
            placeholder={t('feedback.appealPlaceholder')}
            maxLength={500}
            rows={2}
            data-testid="appeal-reason"
          />
          <div className="ll-muted">{t('feedback.appealOnce')}</div>
          <div className="shop-actions">
            <Button size="small" shape="rounded" color="primary" loading={busy} onClick={() => void appeal()} data-testid="appeal-submit">
              {t('feedback.submitAppeal')}
            </Button>
          </div>
        </div>
      )}
    </section>
  );
}

/** My complaints, newest first, each with its steps; a resolved one can be appealed once. */
export default function Complaints() {
  const { t } = useTranslation('shop');
  const navigate = useNavigate();
  const list = useQuery({
    queryKey: feedbackKeys.complaints,
    queryFn: async () => (await api.get<{ items: Complaint[] }>('shop/complaints')).items,
  });
  return (
    <div className="ll-page">
      <NavBar onBack={() => navigate('/me')}>{t('feedback.myComplaints')}</NavBar>
      <main className="ll-content" data-testid="complaints">
        <QueryState query={list}>
          {(items) =>
            items.length === 0 ? (
              <div className="shop-notice">{t('feedback.none')}</div>
            ) : (
              items.map((c) => <ComplaintCard key={c.id} c={c} />)
            )
          }
        </QueryState>
      </main>
    </div>
  );
}
