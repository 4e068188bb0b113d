import type { Resources } from '../../common/i18n.ts';
import { en } from './locales.en.ts';
import { zh } from './locales.zh.ts';

/** The shop's strings (namespace `shop`), zh-CN first. */
export const shopLocales: Resources = { 'zh-CN': zh, en };
