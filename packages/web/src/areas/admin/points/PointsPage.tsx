import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { TabbedPage } from '../../../desktop/TabbedPage.tsx';
import { useCan } from '../permissions.ts';
import { OffersTab } from './OffersTab.tsx';
import { ResidentTab } from './ResidentTab.tsx';
import { SettingsTab } from './SettingsTab.tsx';
import './locales.ts';

/**
 * 积分 for staff: a resident's points with staff adjustments (support), the coupons residents may
 * redeem points for and the rules (admins); the tab is kept in the URL.
 */
export default function PointsPage() {
  const { t } = useTranslation('points');
  const can = useCan();
  const all = { residents: <ResidentTab />, offers: <OffersTab />, rules: <SettingsTab /> };
  const tabs: Record<string, ReactNode> = Object.fromEntries(Object.entries(all).filter(([k]) => can(`points.${k as keyof typeof all}`)));
  return <TabbedPage title={t('section')} label={(k) => t(`tabs.${k}`)} tabs={tabs} keep={['resident']} />;
}
