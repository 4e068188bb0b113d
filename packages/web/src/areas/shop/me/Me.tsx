import { useQuery } from '@tanstack/react-query';
import { Badge, Button, Dialog, List, NavBar } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { maskPhone, shortDateTime } from '../../../common/format.ts';
import { currentLanguage, languages, setLanguage } from '../../../common/i18n.ts';
import { clearSession } from '../../../common/session.ts';
import { QueryState } from '../../../mobile/QueryState.tsx';
import { api, keys, useProfile } from '../api.ts';
import type { NotificationItem } from '../types.ts';

/** My phone and pickup point, my messages, language and logout. */
export default function Me() {
  const { t } = useTranslation('shop');
  const navigate = useNavigate();
  const me = useProfile().data!;
  const notifications = useQuery({
    queryKey: keys.notifications,
    queryFn: async () => (await api.get<{ items: NotificationItem[] }>('shop/notifications')).items,
  });
  const unread = notifications.data?.filter((n) => !n.read).length ?? 0;
  const lang = currentLanguage();

  const logout = async () => {
    if (!(await Dialog.confirm({ content: t('me.logoutConfirm'), confirmText: t('me.logout'), cancelText: t('common:cancel') }))) return;
    await api.delete('auth/sessions/current').catch(() => undefined);
    clearSession('shop');
  };

  return (
    <div className="ll-page">
      <NavBar back={null}>{t('me.title')}</NavBar>
      <main className="ll-content" style={{ padding: '0 0 88px' }}>
        <List mode="card">
          <List.Item extra={<span data-testid="me-phone">{maskPhone(me.phone)}</span>}>{me.name || t('me.phone')}</List.Item>
          <List.Item
            onClick={() => navigate('/points')}
            description={me.pickupPoint?.address}
            extra={<span data-testid="me-point">{me.pickupPoint?.name ?? t('home.noPoint')}</span>}
          >
            {t('me.point')}
          </List.Item>
          <List.Item onClick={() => navigate('/orders')}>{t('me.orders')}</List.Item>
          <List.Item onClick={() => navigate('/me/coupons')} data-testid="me-coupons">
            {t('me.coupons')}
          </List.Item>
          <List.Item onClick={() => navigate('/coupons')} data-testid="me-claim-coupons">
            {t('me.claimCoupons')}
          </List.Item>
          <List.Item onClick={() => navigate('/aftersales')} data-testid="me-claims">
            {t('me.claims')}
          </List.Item>
          <List.Item onClick={() => navigate('/complaints')} data-testid="me-complaints">
            {t('me.complaints')}
          </List.Item>
          <List.Item onClick={() => navigate('/me/points')} data-testid="me-points">
            {t('me.points')}
          </List.Item>
          <List.Item onClick={() => navigate('/me/teams')} data-testid="me-teams">
            {t('me.teams')}
          </List.Item>
          <List.Item onClick={() => navigate('/lottery')} data-testid="me-lottery">
            {t('me.lottery')}
          </List.Item>
          <List.Item onClick={() => navigate('/bargain')} data-testid="me-bargain">
            {t('me.bargain')}
          </List.Item>
          <List.Item onClick={() => navigate('/me/invite')} data-testid="me-invite">
            {t('me.invite')}
          </List.Item>
          <List.Item onClick={() => navigate('/me/notices')} data-testid="me-notice-settings">
            {t('me.noticeSettings')}
          </List.Item>
          <List.Item onClick={() => navigate('/me/leader')} data-testid="me-leader-apply">
            {t('me.leaderApply')}
          </List.Item>
          <List.Item
            extra={
              <span style={{ display: 'flex', gap: 6 }}>
                {languages.map((l) => (
                  <Button
                    key={l.value}
                    size="mini"
                    color={l.value === lang ? 'primary' : 'default'}
                    fill={l.value === lang ? 'solid' : 'outline'}
                    onClick={() => setLanguage(l.value)}
                    data-testid={`lang-${l.value}`}
                  >
                    {l.label}
                  </Button>
                ))}
              </span>
            }
          >
            {t('me.language')}
          </List.Item>
        </List>
        <List
          mode="card"
          header={
            <Badge content={unread > 0 ? unread : null} style={{ '--right': '-12px' } as React.CSSProperties}>
              {t('me.notifications')}
            </Badge>
          }
        >
          <QueryState query={notifications} isEmpty={(items) => items.length === 0} emptyText={t('me.noNotifications')}>
            {(items) =>
              items.map((n) => (
                <List.Item
                  key={n.id}
                  description={n.body}
                  extra={<span className="ll-muted">{shortDateTime(n.createdAt)}</span>}
                  data-testid="notification"
                >
                  <span style={{ fontWeight: n.read ? 400 : 600 }}>{n.title}</span>
                </List.Item>
              ))
            }
          </QueryState>
        </List>
        <div style={{ padding: '0 12px' }}>
          <Button block onClick={logout} data-testid="logout">
            {t('me.logout')}
          </Button>
        </div>
      </main>
    </div>
  );
}
