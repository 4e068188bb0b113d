import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { TabbedPage } from '../../../desktop/TabbedPage.tsx';
import { useCan } from '../permissions.ts';
import { RoutesTab } from './RoutesTab.tsx';
import { SetupTab } from './setup/SetupTab.tsx';
import { WAREHOUSE_PARAM } from '../warehouses.tsx';
import './locales.ts';

/** Dispatch: plan and publish the day's routes on the map; the fleet and drivers behind them. */
export default function DispatchPage() {
  const { t } = useTranslation('dispatch');
  const can = useCan();
  const tabs: Record<string, ReactNode> = { routes: <RoutesTab />, ...(can('dispatch.setup') ? { setup: <SetupTab /> } : {}) };
  return <TabbedPage title={t('title')} tabs={tabs} label={(k) => t(`tabs.${k}`)} keep={[WAREHOUSE_PARAM]} />;
}
