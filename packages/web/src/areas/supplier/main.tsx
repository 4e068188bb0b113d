import i18n from 'i18next';
import { startMobileArea } from '../../mobile/MobileRoot.tsx';
import { SupplierApp } from './SupplierApp.tsx';
import { supplierLocales } from './locales.ts';

startMobileArea('supplier', supplierLocales, () => i18n.t('supplier:title'), SupplierApp);
