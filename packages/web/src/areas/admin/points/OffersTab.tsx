import * as points from '@linli/contracts/points';
import type * as promotions from '@linli/contracts/promotions';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Form, Input, InputNumber, Modal, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type { Page } from '../../../common/api.ts';
import { errorText } from '../../../common/i18n.ts';
import { zodRule } from '../../../common/validation.ts';
import { LoadError } from '../../../desktop/LoadError.tsx';
import { api } from '../api.ts';

type Offer = z.infer<typeof points.PointsOffer>;
type Promotion = z.infer<typeof promotions.PromotionWithResults>;
type CreateValues = z.input<typeof points.CreatePointsOffer>;
type EditValues = { title: string; pointsCost: number };

const offersKey = ['admin-points-offers'] as const;
const create = points.CreatePointsOffer.shape;
const update = points.UpdatePointsOffer.shape;

/** The coupon templates an offer may name (the newest 200 promotions, coupons only). */
function useCouponTemplates() {
  return useQuery({
    queryKey: ['admin-points-offers', 'templates'],
    queryFn: async () =>
      (await api.get<Page<Promotion>>('admin/promotions', { page: 1, pageSize: 200 })).items.filter((p) => p.trigger === 'coupon'),
  });
}

/**
 * 积分兑换 for admins: the coupons residents may redeem points for, each with its template and
 * cost; offer a new one, change its title or cost, take it off (下架) or put it back (上架). An
 * offer whose template is paused or over is flagged: residents' redemptions of it are refused.
 */
export function OffersTab() {
  const { t } = useTranslation(['points', 'common']);
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm<CreateValues>();
  const [editing, setEditing] = useState<Offer | null>(null);
  const [editForm] = Form.useForm<EditValues>();
  const offers = useQuery({ queryKey: offersKey, queryFn: () => api.get<z.infer<typeof points.PointsOffers>>('admin/points/offers') });
  const templates = useCouponTemplates();
  const byId = new Map((templates.data ?? []).map((p) => [p.id, p]));
  const done = (text: string) => {
    void message.success(text);
    void client.invalidateQueries({ queryKey: offersKey });
  };
  const add = useMutation({
    mutationFn: (v: CreateValues) => api.post<Offer>('admin/points/offers', v),
    onSuccess: () => {
      form.resetFields();
      done(t('offers.created'));
    },
    onError: (err) => void message.error(errorText(t, err)),
  });
  const change = useMutation({
    mutationFn: ({ id, patch }: { id: string; patch: z.input<typeof points.UpdatePointsOffer> }) =>
      api.patch<Offer>(`admin/points/offers/${encodeURIComponent(id)}`, patch),
    onSuccess: (o, { patch }) => {
      setEditing(null);
      done(patch.active === undefined ? t('offers.saved') : o.active ? t('offers.resumed') : t('offers.paused'));
    },
    onError: (err) => void message.error(errorText(t, err)),
  });
  const columns: ColumnsType<Offer> = [
    { title: t('offers.title'), dataIndex: 'title' },
    {
      title: t('offers.template'),
      dataIndex: 'couponTemplateId',
      render: (id: string) => {
        const tpl = byId.get(id);
        if (!tpl) return <Typography.Text type="secondary">{id}</Typography.Text>;
        return (
          <Space size={4} wrap>
            <span>{tpl.name}</span>
            {tpl.status !== 'active' && (
              <Tag color="warning" data-testid="offer-template-off">
                {t(`offers.templateStatus.${tpl.status}`)}
              </Tag>
            )}
          </Space>
        );
      },
    },
    { title: t('offers.cost'), dataIndex: 'pointsCost', render: (p: number) => t('offers.points', { points: p }), width: 120 },
    {
      title: t('offers.state'),
      dataIndex: 'active',
      width: 100,
      render: (a: boolean) => (
        <Tag color={a ? 'success' : 'default'} data-testid="offer-state">
          {a ? t('offers.on') : t('offers.off')}
        </Tag>
      ),
    },
    {
      title: t('offers.actions'),
      key: 'actions',
      width: 180,
      render: (_, o) => (
        <Space>
          <Button
            size="small"
            onClick={() => {
              setEditing(o);
              editForm.setFieldsValue({ title: o.title, pointsCost: o.pointsCost });
            }}
            data-testid="offer-edit"
          >
            {t('offers.edit')}
          </Button>
          <Button
            size="small"
            danger={o.active}
            loading={change.isPending && change.variables?.id === o.id && change.variables.patch.active !== undefined}
            onClick={() => change.mutate({ id: o.id, patch: { active: !o.active } })}
            data-testid="offer-toggle"
          >
            {o.active ? t('offers.pause') : t('offers.resume')}
          </Button>
        </Space>
      ),
    },
  ];
  const anyTemplateOff = (offers.data?.items ?? []).some(
    (o) => o.active && byId.get(o.couponTemplateId)?.status !== 'active' && byId.has(o.couponTemplateId),
  );
  const usable = (templates.data ?? []).filter((p) => p.status === 'active');
  return (
    <>
      <Typography.Paragraph type="secondary">{t('offers.hint')}</Typography.Paragraph>
      {anyTemplateOff && <Alert type="warning" showIcon style={{ marginBottom: 16 }} title={t('offers.templateOffHint')} />}
      {offers.isError ? (
        <LoadError query={offers} />
      ) : (
        <Table<Offer>
          rowKey="id"
          size="middle"
          loading={offers.isLoading}
          dataSource={offers.data?.items ?? []}
          columns={columns}
          pagination={false}
          locale={{ emptyText: t('offers.none') }}
          data-testid="offers-table"
        />
      )}
      <Typography.Title level={5} style={{ marginTop: 24 }}>
        {t('offers.new')}
      </Typography.Title>
      <Form<CreateValues>
        form={form}
        layout="vertical"
        initialValues={{ active: true }}
        onFinish={(v) => add.mutate(v)}
        style={{ maxWidth: 480 }}
        data-testid="offer-form"
      >
        <Form.Item
          name="couponTemplateId"
          label={t('offers.template')}
          rules={[zodRule(create.couponTemplateId, t)]}
          extra={t('offers.templateHint')}
        >
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            loading={templates.isLoading}
            placeholder={t('offers.templatePlaceholder')}
            options={usable.map((p) => ({ value: p.id, label: p.name }))}
            onChange={(id: string) => {
              if (!form.getFieldValue('title')) form.setFieldValue('title', byId.get(id)?.name ?? '');
            }}
            data-testid="offer-template"
          />
        </Form.Item>
        <Form.Item name="title" label={t('offers.title')} rules={[zodRule(create.title, t)]}>
          <Input maxLength={60} data-testid="offer-title" />
        </Form.Item>
        <Form.Item name="pointsCost" label={t('offers.cost')} rules={[zodRule(create.pointsCost, t)]}>
          <InputNumber min={1} max={1_000_000} precision={0} addonAfter={t('offers.unit')} data-testid="offer-cost" />
        </Form.Item>
        <Form.Item name="active" label={t('offers.activeNow')} valuePropName="checked">
          <Switch />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={add.isPending} data-testid="offer-create">
          {t('offers.create')}
        </Button>
      </Form>
      <Modal
        open={editing !== null}
        title={t('offers.editTitle')}
        okText={t('offers.save')}
        cancelText={t('common:cancel')}
        confirmLoading={change.isPending}
        onCancel={() => setEditing(null)}
        onOk={() => editForm.submit()}
        destroyOnHidden
        forceRender
      >
        <Form<EditValues>
          form={editForm}
          layout="vertical"
          onFinish={(v) => {
            if (!editing) return;
            const patch = {
              ...(v.title !== editing.title ? { title: v.title } : {}),
              ...(v.pointsCost !== editing.pointsCost ? { pointsCost: v.pointsCost } : {}),
            };
            if (Object.keys(patch).length === 0) setEditing(null);
            else change.mutate({ id: editing.id, patch });
          }}
        >
          <Form.Item name="title" label={t('offers.title')} rules={[zodRule(update.title.unwrap(), t)]}>
            <Input maxLength={60} data-testid="offer-edit-title" />
          </Form.Item>
          <Form.Item name="pointsCost" label={t('offers.cost')} rules={[zodRule(update.pointsCost.unwrap(), t)]}>
            <InputNumber min={1} max={1_000_000} precision={0} addonAfter={t('offers.unit')} data-testid="offer-edit-cost" />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
