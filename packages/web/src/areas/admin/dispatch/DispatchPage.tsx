import { useTranslation } from 'react-i18next';
import { TabbedPage } from '../../../desktop/TabbedPage.tsx';
import { RoutesTab } from './RoutesTab.tsx';
import { SetupTab } from './setup/SetupTab.tsx';
import './locales.ts';

/** Dispatch: plan and publish the day's routes on the map; the fleet and drivers behind them. */
export default function DispatchPage() {
  const { t } = useTranslation('dispatch');
  return <TabbedPage title={t('title')} tabs={{ routes: <RoutesTab />, setup: <SetupTab /> }} label={(k) => t(`tabs.${k}`)} />;
}
