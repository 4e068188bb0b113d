import { useTranslation } from 'react-i18next';
import { setLanguage } from '../common/i18n.ts';

/** 中文 ⇄ English, kept for the next visit. */
export function LangSwitch() {
  const { i18n } = useTranslation();
  const en = i18n.language === 'en';
  return (
    <button type="button" className="ll-lang" onClick={() => setLanguage(en ? 'zh-CN' : 'en')} data-testid="lang-switch">
      {en ? '中文' : 'EN'}
    </button>
  );
}
