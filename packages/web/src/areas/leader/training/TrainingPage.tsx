import * as training from '@linli/contracts/training';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Input, NoticeBar, ProgressBar, Tag, Toast } from 'antd-mobile';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { shortDateTime } from '../../../common/format.ts';
import { errorText } from '../../../common/i18n.ts';
import { QueryState } from '../../../mobile/QueryState.tsx';
import { api } from '../api.ts';
import { Page } from '../Page.tsx';
import { useTraining } from './trainingApi.ts';

/** 培训课堂: my courses (required first) with progress, the sessions with check-in, and why my point is still closed. */
export default function TrainingPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const client = useQueryClient();
  const page = useTraining();
  const sessions = useQuery({
    queryKey: ['leader', 'training', 'sessions'],
    queryFn: async () => training.LeaderSessionList.parse(await api.get('leader/training/sessions')).items,
  });
  const [code, setCode] = useState('');
  const checkIn = useMutation({
    mutationFn: () => api.post('leader/training/check-in', { code }),
    onSuccess: () => {
      setCode('');
      Toast.show({ icon: 'success', content: t('training.checkedIn') });
      void client.invalidateQueries({ queryKey: ['leader', 'training', 'sessions'] });
    },
    onError: (err) => Toast.show({ icon: 'fail', content: errorText(t, err) }),
  });
  const open = sessions.data?.some((s) => s.checkInOpen && !s.attended) ?? false;
  return (
    <Page title={t('training.title')} back>
      <QueryState query={page}>
        {(p) => (
          <>
            {p.pointWaiting && (
              <NoticeBar
                wrap
                color="alert"
                content={t('training.pointWaiting', { count: p.requiredMissing })}
                data-testid="training-point-waiting"
              />
            )}
            {p.courses.length === 0 && <div className="ll-card ll-muted">{t('training.none')}</div>}
            {p.courses.map((c) => (
              <div key={c.id} className="ll-card" data-testid="training-course">
                <div className="ll-row">
                  <div className="lh-card-title" style={{ marginBottom: 4 }}>
                    {c.title}
                  </div>
                  {c.required && <Tag color="danger">{t('training.required')}</Tag>}
                </div>
                {c.summary && <div className="ll-muted">{c.summary}</div>}
                <ProgressBar percent={c.lessonCount === 0 ? 0 : (100 * c.lessonsPassed) / c.lessonCount} style={{ margin: '8px 0' }} />
                <div className="ll-row">
                  <span className="ll-muted" data-testid="training-course-progress">
                    {c.completed
                      ? t('training.completed', { score: c.score })
                      : t('training.progress', { done: c.lessonsPassed, total: c.lessonCount })}
                  </span>
                  <Button
                    size="small"
                    color="primary"
                    fill={c.completed ? 'outline' : 'solid'}
                    onClick={() => navigate(`/training/${c.id}`)}
                    data-testid="training-course-open"
                  >
                    {c.completed ? t('training.review') : t('training.start')}
                  </Button>
                </div>
              </div>
            ))}
          </>
        )}
      </QueryState>
      <div className="ll-card">
        <div className="lh-card-title">{t('training.sessions')}</div>
        <QueryState query={sessions} isEmpty={(items) => items.length === 0} emptyText={t('training.noSessions')}>
          {(items) =>
            items.map((s) => (
              <div key={s.id} className="ll-row" style={{ padding: '6px 0' }} data-testid="training-session">
                <div>
                  <div>{s.title}</div>
                  <div className="ll-muted">{shortDateTime(s.startsAt)}</div>
                </div>
                {s.attended ? (
                  <Tag color="success">{t('training.attended')}</Tag>
                ) : s.checkInOpen ? (
                  <Tag color="primary">{t('training.checkInOpen')}</Tag>
                ) : null}
              </div>
            ))
          }
        </QueryState>
        {open && (
          <div className="ll-row" style={{ gap: 8, marginTop: 8 }}>
            <Input
              placeholder={t('training.codePlaceholder')}
              value={code}
              onChange={setCode}
              maxLength={4}
              inputMode="numeric"
              data-testid="training-code"
            />
            <Button
              color="primary"
              size="small"
              loading={checkIn.isPending}
              disabled={!/^\d{4}$/.test(code)}
              onClick={() => checkIn.mutate()}
              data-testid="training-check-in"
            >
              {t('training.checkIn')}
            </Button>
          </div>
        )}
      </div>
    </Page>
  );
}
