import i18n, { type TFunction } from 'i18next';
import { initReactI18next } from 'react-i18next';
import { ApiError } from './api.ts';
import { common, errors } from './locales.ts';

export type Language = 'zh-CN' | 'en';
export const languages: { value: Language; label: string }[] = [
  { value: 'zh-CN', label: '中文' },
  { value: 'en', label: 'English' },
];
const storageKey = 'linli.lang';

/** zh-CN unless the user chose English (stored) or the URL says ?lang=en (stored too, for shared links and tests). */
function initialLanguage(): Language {
  const fromUrl = new URLSearchParams(window.location.search).get('lang');
  if (fromUrl === 'en' || fromUrl === 'zh-CN') {
    localStorage.setItem(storageKey, fromUrl);
    return fromUrl;
  }
  return localStorage.getItem(storageKey) === 'en' ? 'en' : 'zh-CN';
}

/** Each area's strings, one namespace per area, in both languages. */
export type Resources = { 'zh-CN': Record<string, unknown>; en: Record<string, unknown> };

/** Starts i18next with the shared strings and the area's own namespace. */
export function initI18n(area: string, resources: Resources): typeof i18n {
  const lng = initialLanguage();
  i18n.use(initReactI18next).init({
    lng,
    fallbackLng: 'zh-CN',
    defaultNS: area,
    ns: ['common', 'errors', area],
    resources: {
      'zh-CN': { common: common['zh-CN'], errors: errors['zh-CN'], [area]: resources['zh-CN'] },
      en: { common: common.en, errors: errors.en, [area]: resources.en },
    },
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  document.documentElement.lang = lng;
  return i18n;
}

export function setLanguage(lng: Language): void {
  localStorage.setItem(storageKey, lng);
  document.documentElement.lang = lng;
  void i18n.changeLanguage(lng);
}

export function currentLanguage(): Language {
  return i18n.language === 'en' ? 'en' : 'zh-CN';
}

/** A readable message for any failure: the server's code in the user's language, with the offending field when the server named one. */
export function errorText(t: TFunction, err: unknown): string {
  if (err instanceof ApiError) {
    const known = i18n.exists(`errors:${err.code}`);
    const base = known ? t(`errors:${err.code}`) : t('errors:UNKNOWN', { code: err.code });
    const issues = err.details?.issues as { path?: string; message?: string }[] | undefined;
    if (err.code === 'VALIDATION_FAILED' && Array.isArray(issues) && issues[0]?.path) return `${base} (${issues[0].path})`;
    return base;
  }
  return t('errors:UNKNOWN', { code: (err as Error)?.message ?? String(err) });
}

export function errorCode(err: unknown): string | undefined {
  return err instanceof ApiError ? err.code : undefined;
}

/** Adds a lazily loaded section's strings under its own namespace (call at the top of the section's module). */
export function addNamespace(ns: string, resources: Resources): void {
  if (!i18n.hasResourceBundle('zh-CN', ns)) i18n.addResourceBundle('zh-CN', ns, resources['zh-CN']);
  if (!i18n.hasResourceBundle('en', ns)) i18n.addResourceBundle('en', ns, resources.en);
}
