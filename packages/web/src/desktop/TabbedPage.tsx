import { Card, Tabs, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useSearchParams } from 'react-router';

/**
 * A section page: its title over tabs kept in the URL (?tab=); the first tab is the default.
 * Each tab's label carries the test id `tab-<key>`. Switching tabs drops the other parameters
 * of the URL except those named in `keep` (a choice every tab shares, such as the warehouse).
 */
export function TabbedPage<K extends string>({
  title,
  tabs,
  label,
  keep = [],
}: {
  title: ReactNode;
  tabs: Record<K, ReactNode>;
  label: (key: K) => ReactNode;
  keep?: readonly string[];
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
        onChange={(k) =>
          setParams(
            (prev) => {
              const next = new URLSearchParams({ tab: k });
              for (const name of keep) {
                const value = prev.get(name);
                if (value !== null) next.set(name, value);
              }
              return next;
            },
            { replace: true },
          )
        }
        destroyOnHidden
        items={keys.map((k) => ({ key: k, label: <span data-testid={`tab-${k}`}>{label(k)}</span>, children: tabs[k] }))}
      />
    </Card>
  );
}
