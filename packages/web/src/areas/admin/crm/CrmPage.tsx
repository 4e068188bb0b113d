import { crm } from '@linli/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Space, Statistic, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { yuan } from '../../../common/format.ts';
import { errorText } from '../../../common/i18n.ts';
import { LoadError } from '../../../desktop/LoadError.tsx';
import { api } from '../api.ts';
import { useCan } from '../permissions.ts';
import { WarehousePicker, useWarehouseParam } from '../warehouses.tsx';
import { CrmRulesCard } from './CrmRulesCard.tsx';
import './locales.ts';

type LeaderSegments = z.infer<typeof crm.LeaderSegments>;
type Segment = z.infer<typeof crm.MemberSegment>;

/** Staff's member CRM per region (a warehouse's pickup points, or all): residents by segment, each leader's members by segment. */
export default function CrmPage() {
  const { t } = useTranslation(['crm', 'common']);
  const { message } = App.useApp();
  const client = useQueryClient();
  const can = useCan();
  const { warehouseId, setWarehouseId, active } = useWarehouseParam();
  const region = useQuery({
    queryKey: ['admin-crm', warehouseId ?? null],
    queryFn: async () => crm.RegionCrm.parse(await api.get('admin/crm', warehouseId ? { warehouseId } : {})),
  });
  const compute = useMutation({
    mutationFn: () => api.post('admin/crm/compute', {}),
    onSuccess: () => {
      void message.success(t('computed'));
      void client.invalidateQueries({ queryKey: ['admin-crm'] });
    },
    onError: (err) => void message.error(errorText(t, err)),
  });
  const segmentNames = crm.MemberSegment.options;
  const columns: ColumnsType<LeaderSegments> = [
    { title: t('leader'), dataIndex: 'leaderName' },
    { title: t('members'), dataIndex: 'members', align: 'right' },
    { title: t('monetary'), dataIndex: 'monetaryFen', align: 'right', render: (v: number) => yuan(v) },
    ...segmentNames.map((s: Segment) => ({
      title: t(`segment.${s}`),
      key: s,
      align: 'right' as const,
      render: (_: unknown, l: LeaderSegments) => l.segments.find((x) => x.segment === s)?.members ?? 0,
    })),
  ];
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Space wrap>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('title')}
        </Typography.Title>
        <WarehousePicker value={warehouseId} onChange={setWarehouseId} active={active} />
        {can('crm.compute') && (
          <Button onClick={() => compute.mutate()} loading={compute.isPending} data-testid="crm-compute">
            {t('compute')}
          </Button>
        )}
      </Space>
      <LoadError query={region} />
      {!region.isError && (
        <>
          <Typography.Text type="secondary" data-testid="crm-period">
            {region.data?.period
              ? t('period', { day: region.data.period.period, days: region.data.period.windowDays, members: region.data.period.members })
              : region.isSuccess
                ? t('notComputed')
                : ''}
          </Typography.Text>
          <Card title={t('segmentsTitle')} size="small">
            <Space wrap size="large">
              {(region.data?.segments ?? []).map((s) => (
                <Statistic
                  key={s.segment}
                  title={t(`segment.${s.segment}`)}
                  value={s.members}
                  suffix={<span style={{ fontSize: 12 }}>{yuan(s.monetaryFen)}</span>}
                  data-testid={`crm-segment-${s.segment}`}
                />
              ))}
            </Space>
          </Card>
          <Card title={t('leadersTitle')} size="small">
            <Table
              rowKey="leaderId"
              size="small"
              loading={region.isPending}
              columns={columns}
              dataSource={region.data?.leaders ?? []}
              pagination={{ pageSize: 20 }}
            />
          </Card>
        </>
      )}
      <CrmRulesCard />
    </Space>
  );
}
