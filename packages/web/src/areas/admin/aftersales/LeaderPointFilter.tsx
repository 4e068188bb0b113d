import type * as admin from '@linli/contracts/admin';
import { useQuery } from '@tanstack/react-query';
import { Select, Space } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type { Page } from '../../../common/api.ts';
import { errorText } from '../../../common/i18n.ts';
import { api } from '../api.ts';
import { usePickupPoints } from './shared.tsx';

type Leader = z.infer<typeof admin.Leader>;
interface Option {
  value: string;
  label: string;
}

/**
 * Filters claims by leader (searched by name; the claims API takes the leader), and, for a
 * leader with more than one pickup point, optionally by one of them.
 */
export function LeaderPointFilter({
  leaderId,
  pickupPointId,
  onChange,
}: {
  leaderId: string | undefined;
  pickupPointId: string | undefined;
  onChange: (v: { leaderId: string | undefined; pickupPointId: string | undefined }) => void;
}) {
  const { t } = useTranslation('aftersales');
  const [search, setSearch] = useState('');
  const [chosen, setChosen] = useState<Option | null>(null);
  const leaders = useQuery({
    queryKey: ['admin', 'leaders', 'search', search],
    queryFn: () => api.get<Page<Leader>>('admin/leaders', { name: search.trim(), pageSize: 20 }),
    staleTime: 60_000,
  });
  const points = usePickupPoints();
  const own = leaderId ? [...(points.data?.values() ?? [])].filter((p) => p.leaderId === leaderId) : [];
  const options: Option[] = (leaders.data?.items ?? []).map((l) => ({ value: l.id, label: `${l.name} · ${l.phone.slice(-4)}` }));
  if (leaderId && chosen?.value === leaderId && !options.some((o) => o.value === leaderId)) options.unshift(chosen);

  return (
    <Space.Compact>
      <Select
        allowClear
        style={{ width: 200 }}
        placeholder={t('filter.leaderPlaceholder')}
        value={leaderId}
        showSearch={{ filterOption: false, onSearch: setSearch }}
        loading={leaders.isFetching}
        notFoundContent={leaders.isError ? errorText(t, leaders.error) : undefined}
        options={options}
        onChange={(id: string | undefined, option) => {
          setChosen(Array.isArray(option) ? null : ((option as Option | undefined) ?? null));
          onChange({ leaderId: id, pickupPointId: undefined });
        }}
        data-testid="filter-leader"
      />
      {own.length > 1 && (
        <Select
          allowClear
          style={{ width: 200 }}
          placeholder={t('filter.allPoints')}
          value={pickupPointId}
          options={own.map((p) => ({ value: p.id, label: p.name }))}
          onChange={(id: string | undefined) => onChange({ leaderId, pickupPointId: id })}
          data-testid="filter-point"
        />
      )}
    </Space.Compact>
  );
}
