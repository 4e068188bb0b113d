import { useTranslation } from 'react-i18next';
import { TabbedPage } from '../../../desktop/TabbedPage.tsx';
import { LotsTab } from './LotsTab.tsx';
import { ReceiveTab } from './ReceiveTab.tsx';
import { WAREHOUSE_PARAM } from '../warehouses.tsx';
import './locales.ts';

/** Receiving at the warehouse: the day's purchase orders to receive, and the lots taken in. */
export default function WarehousePage() {
  const { t } = useTranslation('warehouse');
  return (
    <TabbedPage
      title={t('title')}
      tabs={{ receiving: <ReceiveTab />, lots: <LotsTab /> }}
      label={(k) => t(`tabs.${k}`)}
      keep={[WAREHOUSE_PARAM]}
    />
  );
}
