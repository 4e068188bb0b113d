import i18n from 'i18next';
import { startDesktopArea } from '../../desktop/DesktopRoot.tsx';
import { AdminApp } from './AdminApp.tsx';
import { adminLocales } from './locales.ts';

startDesktopArea('admin', adminLocales, () => i18n.t('admin:title'), AdminApp);
