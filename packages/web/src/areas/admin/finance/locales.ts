import { addNamespace } from '../../../common/i18n.ts';
import { en } from './locales.en.ts';
import { zhCN } from './locales.zh-CN.ts';

/** The finance section's strings (namespace `finance`). */
export const financeLocales = { 'zh-CN': zhCN, en };

addNamespace('finance', financeLocales);
