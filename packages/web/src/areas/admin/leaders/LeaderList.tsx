import { PlusOutlined, SearchOutlined } from '@ant-design/icons';
import type { admin } from '@linli/contracts';
import { Button, Input, Segmented, Space, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import type { z } from 'zod';
import type { Page } from '../../../common/api.ts';
import { dateTime } from '../../../common/format.ts';
import { ListTable } from '../../../desktop/ListTable.tsx';
import { useServerTable } from '../../../desktop/useServerTable.ts';
import { api } from '../api.ts';
import { useDebounced } from '../catalog/lookups.tsx';
import { LeaderForm } from './LeaderForm.tsx';
import { LeaderStatusButton } from './LeaderStatusButton.tsx';
import './locales.ts';
import { leaderSearch } from './search.ts';

type Leader = z.infer<typeof admin.Leader>;
type Show = 'all' | Leader['status'];

export function StatusTag({ status }: { status: Leader['status'] }) {
  const { t } = useTranslation('leaders');
  return <Tag color={status === 'active' ? 'green' : 'red'}>{t(`status.${status}`)}</Tag>;
}

/** Leaders by name, paged and filtered (status, name or phone) on the server; register, suspend, reinstate. */
export function LeaderList() {
  const { t } = useTranslation(['leaders', 'common']);
  const navigate = useNavigate();
  const [show, setShow] = useState<Show>('all');
  const [text, setText] = useState('');
  const [registering, setRegistering] = useState(false);
  const filters = { ...leaderSearch(useDebounced(text)), status: show === 'all' ? undefined : show };
  const { query, tableProps } = useServerTable<Leader, typeof filters>('admin-leaders', filters, (q) =>
    api.get<Page<Leader>>('admin/leaders', q),
  );
  const columns: ColumnsType<Leader> = [
    { title: t('name'), dataIndex: 'name', render: (name: string, l) => <Link to={`/leaders/${l.id}`}>{name}</Link> },
    { title: t('phone'), dataIndex: 'phone', width: 150 },
    { title: t('level'), dataIndex: 'level', width: 90, render: (v: number) => t('levelN', { level: v }) },
    { title: t('common:status'), dataIndex: 'status', width: 100, render: (s: Leader['status']) => <StatusTag status={s} /> },
    { title: t('createdAt'), dataIndex: 'createdAt', width: 160, render: (v: string) => dateTime(v) },
    {
      title: t('common:actions'),
      key: 'actions',
      width: 150,
      render: (_, l) => (
        <Space size={0}>
          <Button type="link" size="small" onClick={() => navigate(`/leaders/${l.id}`)}>
            {t('view')}
          </Button>
          <LeaderStatusButton leader={l} />
        </Space>
      ),
    },
  ];
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Space wrap>
        <Input
          allowClear
          prefix={<SearchOutlined />}
          placeholder={t('search')}
          value={text}
          onChange={(e) => setText(e.target.value)}
          style={{ width: 220 }}
          data-testid="leader-search"
        />
        <Segmented<Show>
          value={show}
          onChange={setShow}
          options={[
            { value: 'all', label: t('common:all') },
            { value: 'active', label: t('status.active') },
            { value: 'suspended', label: t('status.suspended') },
          ]}
          data-testid="leader-status-filter"
        />
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setRegistering(true)} data-testid="leader-create">
          {t('register')}
        </Button>
      </Space>
      <ListTable<Leader>
        table={{ query, tableProps }}
        columns={columns}
        row={(l) => ({ 'data-testid': 'leader-row', 'data-id': l.id, 'data-status': l.status })}
      />
      <LeaderForm open={registering} editing={null} onClose={() => setRegistering(false)} onSaved={(l) => navigate(`/leaders/${l.id}`)} />
    </Space>
  );
}
