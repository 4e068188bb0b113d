import { en } from './locales/en.ts';
import { zh } from './locales/zh.ts';

/** The leader console's strings (namespace `leader`), Chinese first. */
export const leaderLocales = { 'zh-CN': zh, en };
