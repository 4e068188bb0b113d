import { LogoutOutlined } from '@ant-design/icons';
import { Button, Layout, Menu, Result, Space, Spin, Typography } from 'antd';
import { Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { BrowserRouter, Navigate, Route, Routes, useLocation, useNavigate } from 'react-router';
import { clearSession } from '../../common/session.ts';
import { useSession } from '../../common/useSession.ts';
import { LanguageSelect } from '../../desktop/LanguageSelect.tsx';
import { api } from './api.ts';
import { useCan } from './permissions.ts';
import { sections } from './sections.tsx';

/** What a direct link to a section the staff member's roles do not open shows, instead of failing requests. */
function NotPermitted() {
  const { t } = useTranslation('admin');
  return <Result status="403" title={t('notPermitted.title')} subTitle={t('notPermitted.detail')} data-testid="not-permitted" />;
}

function Shell() {
  const { t } = useTranslation('admin');
  const session = useSession('admin');
  const can = useCan();
  const visible = sections.filter((s) => can(s.permission));
  const navigate = useNavigate();
  const location = useLocation();
  const current = location.pathname.split('/')[1] || 'dashboard';
  const logout = async () => {
    await api.delete('auth/sessions/current').catch(() => undefined);
    clearSession('admin');
  };
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Sider breakpoint="lg" collapsedWidth={56} theme="light" width={208}>
        <div style={{ padding: '16px 20px', fontWeight: 600, fontSize: 16, color: '#ff6a00', whiteSpace: 'nowrap', overflow: 'hidden' }}>
          {t('title')}
        </div>
        <Menu
          mode="inline"
          selectedKeys={[current]}
          items={visible.map((s) => ({ key: s.key, icon: s.icon, label: t(`menu.${s.key}`), 'data-testid': `nav-${s.key}` }))}
          onClick={(e) => navigate(`/${e.key}`)}
        />
      </Layout.Sider>
      <Layout>
        <Layout.Header style={{ background: '#fff', padding: '0 24px', display: 'flex', justifyContent: 'flex-end', alignItems: 'center' }}>
          <Space size="middle">
            <LanguageSelect />
            <Typography.Text data-testid="staff-name">{session?.principal.name}</Typography.Text>
            <Button icon={<LogoutOutlined />} onClick={logout} data-testid="logout">
              {t('common:login.logout')}
            </Button>
          </Space>
        </Layout.Header>
        <Layout.Content style={{ padding: 24 }}>
          <Suspense fallback={<Spin style={{ display: 'block', margin: '64px auto' }} />}>
            <Routes>
              <Route index element={<Navigate to={`/${visible[0]?.key ?? 'dashboard'}`} replace />} />
              {sections.map((s) => (
                <Route key={s.key} path={`/${s.key}/*`} element={can(s.permission) ? <s.page /> : <NotPermitted />} />
              ))}
              <Route path="*" element={<Navigate to={`/${visible[0]?.key ?? 'dashboard'}`} replace />} />
            </Routes>
          </Suspense>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}

/** The operator's desk: one menu entry per section the staff member's roles open, each section loaded on first use. */
export function AdminApp() {
  return (
    <BrowserRouter basename="/admin">
      <Shell />
    </BrowserRouter>
  );
}
