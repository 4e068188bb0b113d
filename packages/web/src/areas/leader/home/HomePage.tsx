import { Button, Grid } from 'antd-mobile';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useNavigate } from 'react-router';
import { yuan } from '../../../common/format.ts';
import { LangSwitch } from '../../../mobile/LangSwitch.tsx';
import { QueryState } from '../../../mobile/QueryState.tsx';
import { useCampaigns, useMe, useSummary } from '../api.ts';
import { ClockIcon, OrdersIcon, ScanIcon, ServiceIcon, ShareIcon, TruckIcon, UsersIcon, WalletIcon } from '../icons.tsx';
import { Page } from '../Page.tsx';
import { TodayCampaigns } from './TodayCampaigns.tsx';
import { useTraining } from '../training/trainingApi.ts';

function Stat({ label, value, testid, strong }: { label: string; value: ReactNode; testid?: string; strong?: boolean }) {
  return (
    <div className="lh-stat">
      <div className={strong ? 'lh-stat-value lh-strong' : 'lh-stat-value'} data-testid={testid}>
        {value}
      </div>
      <div className="lh-stat-label">{label}</div>
    </div>
  );
}

/** The leader's day at a glance: today's sales, commission, shortcuts to the day's work. */
export function HomePage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const me = useMe();
  const summary = useSummary();
  const campaigns = useCampaigns();
  const training = useTraining();
  const shortcuts = [
    { to: '/campaigns', icon: <ShareIcon />, label: t('home.share'), color: '#ff6a00' },
    { to: '/deliveries', icon: <TruckIcon />, label: t('home.deliveries'), color: '#1677ff' },
    { to: '/verify', icon: <ScanIcon />, label: t('home.verify'), color: '#00b578' },
    { to: '/unpicked', icon: <ClockIcon />, label: t('home.unpicked'), color: '#fa8c16' },
    { to: '/orders', icon: <OrdersIcon />, label: t('home.orders'), color: '#722ed1' },
    { to: '/members', icon: <UsersIcon />, label: t('home.members'), color: '#13c2c2' },
    { to: '/aftersales', icon: <ServiceIcon />, label: t('home.aftersales'), color: '#eb2f96' },
    { to: '/commission', icon: <WalletIcon />, label: t('home.commission'), color: '#d48806' },
  ];
  // A new leader's point opens once the required courses are done: until then, training comes first.
  if (training.data?.pointWaiting && !training.isFetching) return <Navigate to="/training" replace />;
  return (
    <Page title={t('title')} right={<LangSwitch />}>
      <div className="lh-hello">
        <div className="lh-hello-name" data-testid="leader-name">
          {me.data ? t('home.hello', { name: me.data.name }) : '\u00a0'}
        </div>
        <div className="ll-muted">{me.data?.pickupPoints.map((p) => p.name).join(' · ')}</div>
      </div>
      <QueryState query={summary}>
        {(s) => (
          <>
            <div className="ll-card">
              <div className="ll-row lh-card-title">
                <span>{t('home.todaySales')}</span>
                <span className="ll-muted">{s.date}</span>
              </div>
              <div className="lh-stats">
                <Stat label={t('home.ordersCount')} value={s.orders} testid="summary-orders" strong />
                <Stat label={t('home.gmv')} value={yuan(s.gmvFen)} testid="summary-gmv" />
                <Stat label={t('home.buyers')} value={s.members} testid="summary-members" />
              </div>
            </div>
            <div className="ll-card lh-commission">
              <div className="ll-row lh-card-title">
                <span>{t('home.commissionToday')}</span>
                <Button size="mini" fill="none" color="primary" onClick={() => navigate('/commission')}>
                  {t('home.statement')} ›
                </Button>
              </div>
              <div className="lh-commission-today" data-testid="summary-commission">
                {yuan(s.commissionAccruedFen)}
              </div>
              <div className="lh-stats">
                <Stat label={t('commission.available')} value={yuan(s.commissionAvailableFen)} testid="summary-available" />
                <Stat label={t('commission.held')} value={yuan(s.commissionHeldFen)} />
                <Stat label={t('commission.withdrawing')} value={yuan(s.commissionWithdrawingFen)} />
              </div>
              <Button block color="primary" fill="outline" onClick={() => navigate('/withdraw')} data-testid="home-withdraw">
                {t('commission.withdraw')}
              </Button>
            </div>
          </>
        )}
      </QueryState>
      <div className="ll-card">
        <Grid columns={4} gap={8}>
          {shortcuts.map((s) => (
            <Grid.Item key={s.to}>
              <button type="button" className="lh-shortcut" onClick={() => navigate(s.to)} data-testid={`shortcut-${s.to.slice(1)}`}>
                <span className="lh-shortcut-icon" style={{ background: s.color }}>
                  {s.icon}
                </span>
                <span>{s.label}</span>
              </button>
            </Grid.Item>
          ))}
        </Grid>
      </div>
      <TodayCampaigns query={campaigns} />
    </Page>
  );
}
