import { useTranslation } from 'react-i18next';
import { TabbedPage } from '../../../desktop/TabbedPage.tsx';
import { CutoffsTab } from './CutoffsTab.tsx';
import { OrdersTab } from './OrdersTab.tsx';
import { PickListsTab } from './PickListsTab.tsx';
import { SettingsTab } from './SettingsTab.tsx';
import './locales.ts';

/** Purchasing: purchase orders made at cutoff, what the cutoff decided, pick lists and the settings. */
export default function PurchasingPage() {
  const { t } = useTranslation('purchasing');
  return (
    <TabbedPage
      title={t('title')}
      tabs={{ orders: <OrdersTab />, cutoffs: <CutoffsTab />, picks: <PickListsTab />, settings: <SettingsTab /> }}
      label={(k) => t(`tabs.${k}`)}
    />
  );
}
