import { NavBar } from 'antd-mobile';
import type { ReactNode } from 'react';
import { useNavigate } from 'react-router';

/** One phone screen: a title bar (with a back arrow on inner screens) and the content above the tab bar. */
export function Page({ title, back, right, children }: { title: ReactNode; back?: boolean; right?: ReactNode; children: ReactNode }) {
  const navigate = useNavigate();
  const goBack = () => (window.history.length > 1 ? navigate(-1) : navigate('/'));
  return (
    <div className="ll-page">
      <NavBar back={back ? '' : null} onBack={goBack} right={right}>
        {title}
      </NavBar>
      <div className="ll-content">{children}</div>
    </div>
  );
}
