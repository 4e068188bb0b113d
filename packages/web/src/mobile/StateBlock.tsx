import type { ReactNode } from 'react';

/**
 * An empty or failed state: a small line drawing, a title and an optional action. antd-mobile's
 * ErrorBlock carries large illustrations (about 34 KB of the shop's first load) for the same
 * job; every phone screen shows these states, so they stay light.
 */
export function StateBlock({
  status,
  title,
  description,
  children,
  'data-testid': testid,
}: {
  status: 'empty' | 'error';
  title: ReactNode;
  description?: ReactNode;
  children?: ReactNode;
  'data-testid'?: string;
}) {
  return (
    <div className={`ll-state ll-state-${status}`} data-testid={testid} role={status === 'error' ? 'alert' : undefined}>
      <svg viewBox="0 0 48 48" width="64" height="64" aria-hidden="true" focusable="false">
        {status === 'empty' ? (
          <path
            d="M8 18 24 10l16 8v16l-16 8-16-8Zm0 0 16 8 16-8M24 26v16"
            fill="none"
            stroke="currentColor"
            strokeWidth="2"
            strokeLinejoin="round"
          />
        ) : (
          <>
            <circle cx="24" cy="24" r="17" fill="none" stroke="currentColor" strokeWidth="2" />
            <path d="M24 14v13" stroke="currentColor" strokeWidth="3" strokeLinecap="round" />
            <circle cx="24" cy="33" r="2" fill="currentColor" />
          </>
        )}
      </svg>
      <div className="ll-state-title">{title}</div>
      {description && <div className="ll-state-description">{description}</div>}
      {children && <div className="ll-state-action">{children}</div>}
    </div>
  );
}
