import i18n from 'i18next';
import { startMobileArea } from '../../mobile/MobileRoot.tsx';
import { LeaderApp } from './LeaderApp.tsx';
import { leaderLocales } from './locales.ts';

startMobileArea('leader', leaderLocales, () => i18n.t('leader:title'), LeaderApp);
