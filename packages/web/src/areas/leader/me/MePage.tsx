import { Button, Dialog, List, Selector, Tag } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { type Language, currentLanguage, languages, setLanguage } from '../../../common/i18n.ts';
import { clearSession } from '../../../common/session.ts';
import { QueryState } from '../../../mobile/QueryState.tsx';
import { WechatBindingItem } from '../../../mobile/WechatBindingItem.tsx';
import { api, useMe } from '../api.ts';
import { Page } from '../Page.tsx';

/** Me: my profile and pickup points, the screens around my members and money, language, logout. */
export default function MePage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const me = useMe();
  const logout = () => {
    void Dialog.confirm({
      content: t('me.logoutConfirm'),
      confirmText: t('common:login.logout'),
      cancelText: t('common:cancel'),
      onConfirm: async () => {
        await api.delete('auth/sessions/current').catch(() => undefined);
        clearSession('leader');
      },
    });
  };
  return (
    <Page title={t('me.title')}>
      <QueryState query={me}>
        {(p) => (
          <>
            <div className="ll-card lme-profile">
              <div className="lme-avatar">{p.name.slice(0, 1)}</div>
              <div>
                <div className="lc-title" data-testid="me-name">
                  {p.name}{' '}
                  <Tag color={p.status === 'active' ? 'success' : 'danger'} fill="outline">
                    {t(`me.status.${p.status}`)}
                  </Tag>
                </div>
                <div className="ll-muted">
                  {p.phone} · {t('me.level', { level: p.level })}
                </div>
              </div>
            </div>
            <List mode="card" header={t('me.points')}>
              {p.pickupPoints.map((pt) => (
                <List.Item
                  key={pt.id}
                  data-testid="me-point"
                  description={`${pt.address} · ${pt.openingHours}`}
                  extra={
                    <Tag color={pt.status === 'open' ? 'success' : 'default'} fill="outline">
                      {t(`me.pointStatus.${pt.status}`)}
                    </Tag>
                  }
                >
                  {pt.name}
                </List.Item>
              ))}
            </List>
          </>
        )}
      </QueryState>
      <List mode="card">
        <List.Item onClick={() => navigate('/performance')} data-testid="me-performance">
          {t('performance.entry')}
        </List.Item>
        <List.Item onClick={() => navigate('/feedback')} data-testid="me-feedback">
          {t('feedback.entry')}
        </List.Item>
        <List.Item onClick={() => navigate('/commission')}>{t('home.commission')}</List.Item>
        <List.Item onClick={() => navigate('/withdraw')}>{t('commission.withdraw')}</List.Item>
        <List.Item onClick={() => navigate('/members')}>{t('home.members')}</List.Item>
        <List.Item onClick={() => navigate('/crm')} data-testid="me-crm">
          {t('crm.title')}
        </List.Item>
        <List.Item onClick={() => navigate('/aftersales')}>{t('home.aftersales')}</List.Item>
        <List.Item onClick={() => navigate('/unpicked')}>{t('home.unpicked')}</List.Item>
        <List.Item onClick={() => navigate('/campaigns')}>{t('home.share')}</List.Item>
        <List.Item onClick={() => navigate('/coupons')} data-testid="me-coupons">
          {t('coupons.title')}
        </List.Item>
        <List.Item onClick={() => navigate('/team-deals')} data-testid="me-team-deals">
          {t('teambuy.title')}
        </List.Item>
        <List.Item onClick={() => navigate('/plays')} data-testid="me-plays">
          {t('plays.title')}
        </List.Item>
        <List.Item onClick={() => navigate('/recruiting')} data-testid="me-recruiting">
          {t('recruiting.title')}
        </List.Item>
        <List.Item onClick={() => navigate('/help-sell')} data-testid="me-help-sell">
          {t('helpSell.title')}
        </List.Item>
        <List.Item onClick={() => navigate('/training')} data-testid="me-training">
          {t('training.title')}
        </List.Item>
        <List.Item onClick={() => navigate('/leave')} data-testid="me-leave">
          {t('leave.title')}
        </List.Item>
      </List>
      <WechatBindingItem area="leader" />
      <div className="ll-card">
        <div className="lh-card-title">{t('common:language')}</div>
        <Selector
          columns={2}
          options={languages.map((l) => ({ label: l.label, value: l.value }))}
          value={[currentLanguage()]}
          onChange={(v) => v[0] && setLanguage(v[0] as Language)}
          data-testid="me-language"
        />
      </div>
      <Button block color="danger" fill="outline" size="large" onClick={logout} data-testid="logout">
        {t('common:login.logout')}
      </Button>
    </Page>
  );
}
