import { App as AntApp, ConfigProvider } from 'antd';
import enUS from 'antd/es/locale/en_US';
import zhCN from 'antd/es/locale/zh_CN';
import type { ComponentType, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Resources } from '../common/i18n.ts';
import type { Area } from '../common/session.ts';
import { startArea } from '../common/startArea.tsx';
import { useSession } from '../common/useSession.ts';
import { DesktopLogin } from './DesktopLogin.tsx';

function Gate({ area, title, children }: { area: Area; title: string; children: ReactNode }) {
  const session = useSession(area);
  const { i18n } = useTranslation();
  return (
    <ConfigProvider locale={i18n.language === 'en' ? enUS : zhCN} theme={{ token: { colorPrimary: '#ff6a00', borderRadius: 6 } }}>
      <AntApp>{session ? children : <DesktopLogin area={area} title={title} />}</AntApp>
    </ConfigProvider>
  );
}

/** Starts a desk area: strings in both languages, server state, Ant Design in the user's language, login until there is a session. */
export function startDesktopArea(area: Area, resources: Resources, title: () => string, app: ComponentType): void {
  startArea(area, resources, title, app, Gate);
}
