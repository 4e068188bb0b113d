import { SearchOutlined } from '@ant-design/icons';
import type { admin } from '@linli/contracts';
import { Button, Input, Modal, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type { Page } from '../../../common/api.ts';
import { useServerTable } from '../../../desktop/useServerTable.ts';
import { api } from '../api.ts';
import { useDebounced } from '../catalog/lookups.tsx';
import '../leaders/locales.ts';
import { leaderSearch } from '../leaders/search.ts';
import './locales.ts';

type Leader = z.infer<typeof admin.Leader>;

/**
 * Chooses the leaders a campaign is sold by: active leaders searched and paged on the server,
 * ticked across pages; `kept` ones cannot be unticked (an open campaign only gains leaders).
 */
export function LeaderPicker({
  open,
  value,
  kept,
  onChange,
  onClose,
}: {
  open: boolean;
  value: string[];
  kept: string[];
  onChange: (ids: string[]) => void;
  onClose: () => void;
}) {
  const { t } = useTranslation(['campaigns', 'leaders', 'common']);
  const [text, setText] = useState('');
  const filters = { ...leaderSearch(useDebounced(text)), status: 'active' };
  const { tableProps } = useServerTable<Leader, typeof filters>(
    'admin-leaders',
    filters,
    (q) => api.get<Page<Leader>>('admin/leaders', q),
    10,
  );
  const keptSet = new Set(kept);
  return (
    <Modal
      open={open}
      width={680}
      title={t('picker.leaderTitle')}
      onCancel={onClose}
      footer={
        <Space>
          <Typography.Text type="secondary">{t('field.chosen', { count: value.length })}</Typography.Text>
          <Button type="primary" onClick={onClose} data-testid="leader-picker-done">
            {t('common:confirm')}
          </Button>
        </Space>
      }
    >
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Input
          allowClear
          prefix={<SearchOutlined />}
          placeholder={t('picker.leaderSearch')}
          value={text}
          onChange={(e) => setText(e.target.value)}
          style={{ width: 260 }}
        />
        {kept.length > 0 && <Typography.Text type="secondary">{t('picker.locked')}</Typography.Text>}
        <Table<Leader>
          rowKey="id"
          size="small"
          columns={[
            { dataIndex: 'name', title: t('leaders:name') },
            { dataIndex: 'phone', title: t('leaders:phone'), width: 140 },
            { dataIndex: 'level', title: t('leaders:level'), width: 80, align: 'right' },
          ]}
          {...tableProps}
          rowSelection={{
            preserveSelectedRowKeys: true,
            selectedRowKeys: value,
            onChange: (keys) => onChange([...new Set([...kept, ...keys.map(String)])]),
            getCheckboxProps: (l) => ({ disabled: keptSet.has(l.id) }),
          }}
        />
      </Space>
    </Modal>
  );
}
