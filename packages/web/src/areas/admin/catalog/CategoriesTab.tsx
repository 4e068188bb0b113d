import { PlusOutlined } from '@ant-design/icons';
import { admin } from '@linli/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Form, Input, InputNumber, Modal, Space, TreeSelect } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type { Page } from '../../../common/api.ts';
import { dateTime } from '../../../common/format.ts';
import { errorText } from '../../../common/i18n.ts';
import { zodRule } from '../../../common/validation.ts';
import { ListTable } from '../../../desktop/ListTable.tsx';
import { useServerTable } from '../../../desktop/useServerTable.ts';
import { api } from '../api.ts';
import { type CategoryNode, useCategories } from './lookups.tsx';
import './locales.ts';

type Category = z.infer<typeof admin.Category>;
interface Values {
  name: string;
  parentId?: string | null;
  sort?: number;
}

/** The tree without one category and what is below it (a category cannot move under itself). */
function without(nodes: CategoryNode[], id: string | undefined): CategoryNode[] {
  return nodes.filter((n) => n.value !== id).map((n) => ({ ...n, children: without(n.children, id) }));
}

function CategoryForm({ editing, open, onClose }: { editing: Category | null; open: boolean; onClose: () => void }) {
  const { t } = useTranslation(['catalog', 'common']);
  const { message } = App.useApp();
  const client = useQueryClient();
  const categories = useCategories();
  const [form] = Form.useForm<Values>();
  const save = useMutation({
    mutationFn: (v: Values) => {
      const body = { name: v.name, parentId: v.parentId ?? null, sort: v.sort ?? 0 };
      return editing ? api.patch<Category>(`admin/categories/${editing.id}`, body) : api.post<Category>('admin/categories', body);
    },
    onSuccess: (c) => {
      message.success(t('category.saved', { name: c.name }));
      void client.invalidateQueries({ queryKey: ['admin-categories'] });
      onClose();
    },
    onError: (err) => message.error(errorText(t, err)),
  });
  const shape = admin.CreateCategory.shape;
  return (
    <Modal
      open={open}
      title={editing ? `${t('category.rename')}：${editing.name}` : t('category.create')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common:save')}
      okButtonProps={{ loading: save.isPending, 'data-testid': 'category-save' }}
      destroyOnHidden
    >
      <Form<Values>
        form={form}
        layout="vertical"
        preserve={false}
        initialValues={editing ? { name: editing.name, parentId: editing.parentId, sort: editing.sort } : { parentId: null, sort: 0 }}
        onFinish={(v) => save.mutate(v)}
      >
        <Form.Item name="name" label={t('category.name')} rules={[zodRule(shape.name, t)]}>
          <Input maxLength={100} data-testid="category-name" />
        </Form.Item>
        <Form.Item name="parentId" label={t('category.parent')} rules={[zodRule(shape.parentId, t)]}>
          <TreeSelect allowClear placeholder={t('category.top')} treeData={without(categories.tree, editing?.id)} treeDefaultExpandAll />
        </Form.Item>
        <Form.Item name="sort" label={t('category.sort')} extra={t('category.sortHelp')} rules={[zodRule(shape.sort, t)]}>
          <InputNumber precision={0} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** Categories paged by the server, each with its parent; create, rename, move, re-sort. */
export function CategoriesTab() {
  const { t } = useTranslation(['catalog', 'common']);
  const categories = useCategories();
  const [form, setForm] = useState<{ open: boolean; editing: Category | null }>({ open: false, editing: null });
  const { query, tableProps } = useServerTable<Category, Record<string, never>>('admin-categories', {}, (q) =>
    api.get<Page<Category>>('admin/categories', q),
  );
  const columns: ColumnsType<Category> = [
    { title: t('category.name'), dataIndex: 'name' },
    {
      title: t('category.parent'),
      dataIndex: 'parentId',
      render: (id: string | null) => (id ? (categories.byId.get(id)?.name ?? '…') : t('category.top')),
    },
    { title: t('category.sort'), dataIndex: 'sort', width: 90, align: 'right' },
    { title: t('category.createdAt'), dataIndex: 'createdAt', width: 160, render: (v: string) => dateTime(v) },
    {
      title: t('common:actions'),
      key: 'actions',
      width: 100,
      render: (_, c) => (
        <Button type="link" size="small" onClick={() => setForm({ open: true, editing: c })} data-testid="category-edit">
          {t('category.rename')}
        </Button>
      ),
    },
  ];
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Button type="primary" icon={<PlusOutlined />} onClick={() => setForm({ open: true, editing: null })} data-testid="category-create">
        {t('category.create')}
      </Button>
      <ListTable<Category>
        table={{ query, tableProps }}
        columns={columns}
        row={(c) => ({ 'data-testid': 'category-row', 'data-id': c.id })}
      />
      <CategoryForm open={form.open} editing={form.editing} onClose={() => setForm({ open: false, editing: null })} />
    </Space>
  );
}
