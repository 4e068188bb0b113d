import { NavBar } from 'antd-mobile';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { LangSwitch } from '../../mobile/LangSwitch.tsx';
import { logout } from './api.ts';

/** The supplier's title bar: back when there is somewhere to go back to, the language and log out. */
export function TopBar({ title, onBack }: { title: ReactNode; onBack?: () => void }) {
  const { t } = useTranslation('supplier');
  return (
    <NavBar
      className="sp-bar"
      back={onBack ? t('common:back') : null}
      onBack={onBack}
      right={
        <span className="sp-bar-right">
          <LangSwitch />
          <button type="button" className="sp-logout" onClick={() => void logout()} data-testid="logout">
            {t('logout')}
          </button>
        </span>
      }
    >
      {title}
    </NavBar>
  );
}
