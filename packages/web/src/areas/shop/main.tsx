import i18n from 'i18next';
import { startMobileArea } from '../../mobile/MobileRoot.tsx';
import { shopLocales } from './locales.ts';
import { ShopApp } from './ShopApp.tsx';

startMobileArea('shop', shopLocales, () => i18n.t('shop:title'), ShopApp);
