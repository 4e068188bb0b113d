import { Card, Tabs, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useSearchParams } from 'react-router';

/**
 * A section page: its title over tabs kept in the URL (?tab=); the first tab is the default.
 * Each tab's label carries the test id `tab-<key>`.
 */
export function TabbedPage<K extends string>({
  title,
  tabs,
  label,
}: {
  title: ReactNode;
  tabs: Record<K, ReactNode>;
  label: (key: K) => ReactNode;
}) {
  const [params, setParams] = useSearchParams();
  const keys = Object.keys(tabs) as K[];
  const tab = keys.find((k) => k === params.get('tab')) ?? keys[0];
  return (
    <Card>
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        {title}
      </Typography.Title>
      <Tabs
        activeKey={tab}
        onChange={(k) => setParams({ tab: k }, { replace: true })}
        destroyOnHidden
        items={keys.map((k) => ({ key: k, label: <span data-testid={`tab-${k}`}>{label(k)}</span>, children: tabs[k] }))}
      />
    </Card>
  );
}
