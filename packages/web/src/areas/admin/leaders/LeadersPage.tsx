import { useQuery } from '@tanstack/react-query';
import { Badge, Card, Tabs } from 'antd';
import { useTranslation } from 'react-i18next';
import { Navigate, Route, Routes, useLocation, useNavigate } from 'react-router';
import type { Page } from '../../../common/api.ts';
import { api } from '../api.ts';
import { ApplicationList } from './ApplicationList.tsx';
import { applicationsKey } from './applicationShared.tsx';
import { LeaderDetail } from './LeaderDetail.tsx';
import { LeaderList } from './LeaderList.tsx';
import { PickupMap } from './PickupMap.tsx';
import { Transfers } from './Transfers.tsx';
import './locales.ts';
import './transferLocales.ts';

const tabs = ['list', 'applications', 'map', 'transfers'] as const;
type Tab = (typeof tabs)[number];
const pathOf = (tab: Tab) => (tab === 'list' ? '/leaders' : `/leaders/${tab}`);

/** How many applications wait for review (the tab's badge). */
function usePendingCount() {
  return useQuery({
    queryKey: [applicationsKey, 'pending-count'],
    queryFn: async () => (await api.get<Page<unknown>>('admin/leader-applications', { status: 'pending', pageSize: 1 })).total,
    refetchInterval: 60_000,
  }).data;
}

/** Leaders and pickup points: the list, applications to review, the map of every pickup point, removals with their member transfers, one leader (/admin/leaders/...). */
export default function LeadersPage() {
  const { t } = useTranslation(['leaders', 'leaderApplications', 'leaderTransfer']);
  const navigate = useNavigate();
  const pending = usePendingCount();
  const second = useLocation().pathname.split('/')[2];
  const tab: Tab = tabs.find((k) => k !== 'list' && k === second) ?? 'list';
  if (second && tab === 'list')
    return (
      <Routes>
        <Route path=":id" element={<LeaderDetail />} />
        <Route path="*" element={<Navigate to="/leaders" replace />} />
      </Routes>
    );
  return (
    <Card styles={{ body: { paddingTop: 8 } }}>
      <Tabs
        activeKey={tab}
        onChange={(key) => navigate(pathOf(key as Tab))}
        items={[
          { key: 'list', label: <span data-testid="leaders-tab-list">{t('tabs.list')}</span> },
          {
            key: 'applications',
            label: (
              <Badge count={pending ?? 0} size="small" offset={[10, -2]} data-testid="applications-badge">
                <span data-testid="leaders-tab-applications">{t('leaderApplications:tab')}</span>
              </Badge>
            ),
          },
          { key: 'map', label: <span data-testid="leaders-tab-map">{t('tabs.map')}</span> },
          { key: 'transfers', label: <span data-testid="leaders-tab-transfers">{t('leaderTransfer:tab')}</span> },
        ]}
      />
      <Routes>
        <Route index element={<LeaderList />} />
        <Route path="applications" element={<ApplicationList />} />
        <Route path="map" element={<PickupMap />} />
        <Route path="transfers/*" element={<Transfers />} />
      </Routes>
    </Card>
  );
}
