import { ConfigProvider } from 'antd-mobile';
import enUS from 'antd-mobile/es/locales/en-US';
import zhCN from 'antd-mobile/es/locales/zh-CN';
import { type ComponentType, type ReactNode, Suspense, lazy } from 'react';
import { useTranslation } from 'react-i18next';
import type { Resources } from '../common/i18n.ts';
import type { Area } from '../common/session.ts';
import { startArea } from '../common/startArea.tsx';
import { useSession } from '../common/useSession.ts';
import './mobile.css';
import './react19.ts';

// The login (and the zod schemas it validates with) loads only when there is no session.
const MobileLogin = lazy(() => import('./MobileLogin.tsx').then((m) => ({ default: m.MobileLogin })));

function Gate({ area, title, children }: { area: Area; title: string; children: ReactNode }) {
  const session = useSession(area);
  const { i18n } = useTranslation();
  return (
    <ConfigProvider locale={i18n.language === 'en' ? enUS : zhCN}>
      <Suspense fallback={null}>{session ? children : <MobileLogin area={area} title={title} />}</Suspense>
    </ConfigProvider>
  );
}

/**
 * Starts a phone area: strings in both languages, server state, the phone UI kit in the user's
 * language, and the login screen until the area has a session.
 */
export function startMobileArea(area: Area, resources: Resources, title: () => string, app: ComponentType): void {
  startArea(area, resources, title, app, Gate);
}
