import { addNamespace } from '../../../common/i18n.ts';
import { en } from './locales.en.ts';
import { zhCN } from './locales.zh-CN.ts';

/** The after-sales section's strings (namespace `aftersales`). */
export const aftersalesLocales = { 'zh-CN': zhCN, en };

addNamespace('aftersales', aftersalesLocales);
