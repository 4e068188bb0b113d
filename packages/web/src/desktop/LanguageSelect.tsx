import { Segmented } from 'antd';
import { useTranslation } from 'react-i18next';
import { type Language, languages, setLanguage } from '../common/i18n.ts';

/** 中文 | English. */
export function LanguageSelect() {
  const { i18n } = useTranslation();
  return (
    <Segmented<Language>
      size="small"
      value={i18n.language === 'en' ? 'en' : 'zh-CN'}
      options={languages}
      onChange={setLanguage}
      data-testid="lang-switch"
    />
  );
}
