import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { List, NavBar, Switch, Toast } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { errorText } from '../../../common/i18n.ts';
import { QueryState } from '../../../mobile/QueryState.tsx';
import { api } from '../api.ts';

interface Preferences {
  sms: boolean;
  wechat: boolean;
  quietHours: boolean;
  quietStart: string;
  quietEnd: string;
}

const key = ['shop', 'notice-preferences'] as const;

/** How I am told that goods arrived, to pick up, of refunds: SMS, WeChat, and quiet hours. */
export default function NoticeSettings() {
  const { t } = useTranslation('shop');
  const navigate = useNavigate();
  const client = useQueryClient();
  const prefs = useQuery({ queryKey: key, queryFn: () => api.get<Preferences>('shop/notice-preferences') });
  const save = useMutation({
    mutationFn: (next: Preferences) => api.put<Preferences>('shop/notice-preferences', next),
    onSuccess: (saved) => {
      client.setQueryData(key, saved);
      Toast.show({ icon: 'success', content: t('noticeSettings.saved') });
    },
    onError: (err) => Toast.show({ icon: 'fail', content: errorText(t, err) }),
  });
  return (
    <div className="ll-page">
      <NavBar onBack={() => navigate('/me')}>{t('noticeSettings.title')}</NavBar>
      <main className="ll-content" style={{ padding: '0 0 88px' }}>
        <QueryState query={prefs}>
          {(p) => {
            const change = (patch: Partial<Preferences>) => save.mutate({ ...p, ...patch });
            return (
              <>
                <List mode="card" header={t('noticeSettings.channels')}>
                  <List.Item
                    description={t('noticeSettings.wechatHint')}
                    extra={<Switch checked={p.wechat} onChange={(wechat) => change({ wechat })} data-testid="notice-wechat" />}
                  >
                    {t('noticeSettings.wechat')}
                  </List.Item>
                  <List.Item
                    description={t('noticeSettings.smsHint')}
                    extra={<Switch checked={p.sms} onChange={(sms) => change({ sms })} data-testid="notice-sms" />}
                  >
                    {t('noticeSettings.sms')}
                  </List.Item>
                </List>
                <List mode="card" header={t('noticeSettings.quiet')}>
                  <List.Item
                    description={t('noticeSettings.quietHint')}
                    extra={<Switch checked={p.quietHours} onChange={(quietHours) => change({ quietHours })} data-testid="notice-quiet" />}
                  >
                    {t('noticeSettings.quietOn')}
                  </List.Item>
                  {p.quietHours && (
                    <List.Item
                      extra={
                        <span style={{ display: 'flex', gap: 6, alignItems: 'center' }}>
                          <input
                            type="time"
                            value={p.quietStart}
                            onChange={(e) => e.target.value && change({ quietStart: e.target.value })}
                            data-testid="notice-quiet-start"
                          />
                          –
                          <input
                            type="time"
                            value={p.quietEnd}
                            onChange={(e) => e.target.value && change({ quietEnd: e.target.value })}
                            data-testid="notice-quiet-end"
                          />
                        </span>
                      }
                    >
                      {t('noticeSettings.quietTime')}
                    </List.Item>
                  )}
                </List>
                <p className="ll-muted" style={{ padding: '0 16px' }}>
                  {t('noticeSettings.inApp')}
                </p>
              </>
            );
          }}
        </QueryState>
      </main>
    </div>
  );
}
