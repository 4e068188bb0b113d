import i18n from 'i18next';
import { startMobileArea } from '../../mobile/MobileRoot.tsx';
import { DriverApp } from './DriverApp.tsx';
import { driverLocales } from './locales.ts';

startMobileArea('driver', driverLocales, () => i18n.t('driver:title'), DriverApp);
