import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { TabbedPage } from '../../../desktop/TabbedPage.tsx';
import { useCan } from '../permissions.ts';
import { CutoffsTab } from './CutoffsTab.tsx';
import { OrdersTab } from './OrdersTab.tsx';
import { PickListsTab } from './PickListsTab.tsx';
import { ScorecardsTab } from './ScorecardsTab.tsx';
import { SettingsTab } from './SettingsTab.tsx';
import { WAREHOUSE_PARAM } from '../warehouses.tsx';
import './locales.ts';

/** Purchasing: purchase orders made at cutoff, what the cutoff decided, pick lists, supplier scorecards and the settings. */
export default function PurchasingPage() {
  const { t } = useTranslation('purchasing');
  const can = useCan();
  const tabs: Record<string, ReactNode> = {
    ...(can('purchasing.orders') ? { orders: <OrdersTab /> } : {}),
    ...(can('purchasing.cutoffs') ? { cutoffs: <CutoffsTab /> } : {}),
    ...(can('purchasing.picks') ? { picks: <PickListsTab /> } : {}),
    ...(can('purchasing.scorecards') ? { scorecards: <ScorecardsTab /> } : {}),
    ...(can('purchasing.settings') ? { settings: <SettingsTab /> } : {}),
  };
  return <TabbedPage title={t('title')} tabs={tabs} label={(k) => t(`tabs.${k}`)} keep={[WAREHOUSE_PARAM]} />;
}
