import { admin } from '@linli/contracts';
import { DateOnly, Timestamp } from '@linli/contracts/common';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, DatePicker, Form, Input, InputNumber, Radio, Skeleton, Space } from 'antd';
import type { Dayjs } from 'dayjs';
import type { TFunction } from 'i18next';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import type { z } from 'zod';
import { ApiError } from '../../../common/api.ts';
import { errorText } from '../../../common/i18n.ts';
import { zodRule } from '../../../common/validation.ts';
import { api } from '../api.ts';
import {
  type Campaign,
  type CampaignValues,
  createBody,
  crossIssues,
  fieldOfIssue,
  initialValues,
  locksFor,
  updateBody,
} from './editRules.ts';
import { LeaderPicker } from './LeaderPicker.tsx';
import { LinesEditor } from './LinesEditor.tsx';
import './locales.ts';

const shape = admin.CreateCampaign.shape;
/** A rule checking a converted value (a date picker's Dayjs as the contract's text) with a contract schema. */
const asRule = (schema: z.ZodType, t: TFunction, convert: (v: Dayjs) => string) => ({
  validator: (rule: unknown, v: Dayjs | null | undefined) => zodRule(schema, t).validator(rule, v ? convert(v) : undefined),
});

/** A form value with no input of its own (the leader picker sets it). */
const Hidden = (_: { value?: unknown }) => null;

function Editor({ campaign }: { campaign?: Campaign }) {
  const { t } = useTranslation(['campaigns', 'common']);
  const { message } = App.useApp();
  const navigate = useNavigate();
  const client = useQueryClient();
  const [form] = Form.useForm<CampaignValues>();
  const [picking, setPicking] = useState(false);
  const locks = locksFor(campaign);
  const initial = useMemo(() => initialValues(campaign), [campaign]);
  const original = useMemo(() => new Map((campaign?.lines ?? []).map((l) => [l.skuId, l])), [campaign]);
  const scope = Form.useWatch('scope', form) ?? initial.scope;
  const leaderIds: string[] = Form.useWatch('leaderIds', form) ?? initial.leaderIds;
  const kept = Array.isArray(locks.keptLeaders) ? locks.keptLeaders : [];

  const save = useMutation({
    mutationFn: (v: CampaignValues) =>
      campaign
        ? api.patch<Campaign>(`admin/campaigns/${campaign.id}`, updateBody(v, campaign))
        : api.post<Campaign>('admin/campaigns', createBody(v)),
    onSuccess: (c) => {
      message.success(t(campaign ? 'action.saved' : 'action.created', { title: c.title }));
      client.setQueryData(['admin-campaign', c.id], c);
      void client.invalidateQueries({ queryKey: ['admin-campaigns'] });
      navigate(`/campaigns/${c.id}`);
    },
    onError: (err) => {
      const issues =
        err instanceof ApiError ? (err.details?.issues as { path: string; code?: string; message: string }[] | undefined) : undefined;
      const fields = (issues ?? []).flatMap((i) => {
        const name = fieldOfIssue(i.path);
        const text = i.code && t(`issues.${i.code}`, { defaultValue: '' }) ? t(`issues.${i.code}`) : i.message;
        return name ? [{ name, errors: [text] }] : [];
      });
      if (fields.length) form.setFields(fields as never);
      message.error(errorText(t, err));
    },
  });

  // Runs once every field is valid; the whole store, since lines carry what their SKU is besides their inputs.
  const submit = () => {
    const values = form.getFieldsValue(true) as CampaignValues;
    const issues = crossIssues(values);
    if (issues.length) {
      form.setFields(issues.map((i) => ({ name: i.name, errors: [t(i.key)] })) as never);
      return;
    }
    save.mutate(values);
  };

  return (
    <Form<CampaignValues> form={form} layout="vertical" initialValues={initial} onFinish={submit} disabled={!locks.editable}>
      {campaign && locks.open && <Alert type="info" showIcon title={t('locked.title')} style={{ marginBottom: 16 }} />}
      {campaign && !locks.editable && <Alert type="warning" showIcon title={t('locked.final')} style={{ marginBottom: 16 }} />}
      <div style={{ display: 'grid', gridTemplateColumns: '2fr 1fr', gap: 16 }}>
        <Form.Item name="title" label={t('field.title')} rules={[zodRule(shape.title, t)]}>
          <Input maxLength={100} placeholder={t('field.titlePlaceholder')} data-testid="campaign-title" />
        </Form.Item>
        <Form.Item
          name="minTotalQuantity"
          label={t('field.minTotalQuantity')}
          tooltip={t('field.minHelp')}
          rules={[zodRule(shape.minTotalQuantity, t)]}
          extra={locks.minTotalQuantity ? t('locked.minTotalQuantity') : undefined}
        >
          <InputNumber min={0} precision={0} disabled={locks.minTotalQuantity} style={{ width: '100%' }} data-testid="campaign-min" />
        </Form.Item>
      </div>
      <Form.Item name="description" label={t('field.description')} rules={[zodRule(shape.description, t)]}>
        <Input.TextArea rows={2} maxLength={4000} showCount />
      </Form.Item>
      <div style={{ display: 'grid', gridTemplateColumns: '1fr 1fr 1fr', gap: 16 }}>
        <Form.Item
          name="opensAt"
          label={t('field.opensAt')}
          rules={[asRule(shape.opensAt, t, (d) => d.toISOString())]}
          extra={locks.opensAt ? t('locked.opensAt') : undefined}
        >
          <DatePicker
            showTime={{ format: 'HH:mm' }}
            format="YYYY-MM-DD HH:mm"
            disabled={locks.opensAt}
            style={{ width: '100%' }}
            data-testid="campaign-opens"
          />
        </Form.Item>
        <Form.Item
          name="cutoffAt"
          label={t('field.cutoffAt')}
          rules={[asRule(Timestamp, t, (d) => d.toISOString())]}
          extra={locks.cutoffNotBefore ? t('locked.cutoffAt') : undefined}
        >
          <DatePicker
            showTime={{ format: 'HH:mm' }}
            format="YYYY-MM-DD HH:mm"
            disabledDate={locks.cutoffNotBefore ? (d) => d.isBefore(locks.cutoffNotBefore!, 'day') : undefined}
            style={{ width: '100%' }}
            data-testid="campaign-cutoff"
          />
        </Form.Item>
        <Form.Item
          name="pickupDate"
          label={t('field.pickupDate')}
          rules={[asRule(DateOnly, t, (d) => d.format('YYYY-MM-DD'))]}
          extra={locks.pickupDate ? t('locked.pickupDate') : undefined}
        >
          <DatePicker disabled={locks.pickupDate} style={{ width: '100%' }} data-testid="campaign-pickup" />
        </Form.Item>
      </div>
      <Form.Item label={t('field.leaderScope')} required>
        <Space>
          <Form.Item name="scope" noStyle>
            <Radio.Group
              optionType="button"
              options={[
                { value: 'all', label: t('field.scopeAll') },
                { value: 'list', label: t('field.scopeList'), disabled: locks.keptLeaders === 'all' },
              ]}
            />
          </Form.Item>
          {scope === 'list' && (
            <Button onClick={() => setPicking(true)} data-testid="campaign-leaders">
              {t('field.chooseLeaders')} · {t('field.chosen', { count: leaderIds.length })}
            </Button>
          )}
        </Space>
        <Form.Item
          name="leaderIds"
          noStyle
          rules={[
            {
              validator: (r, v: string[]) =>
                form.getFieldValue('scope') === 'list' ? zodRule(admin.LeaderScope, t).validator(r, v) : Promise.resolve(),
            },
          ]}
        >
          <Hidden />
        </Form.Item>
        <Form.Item shouldUpdate noStyle>
          {() => <Form.ErrorList errors={form.getFieldError('leaderIds')} />}
        </Form.Item>
      </Form.Item>
      <LeaderPicker
        open={picking}
        value={leaderIds}
        kept={kept}
        onChange={(ids) => form.setFieldValue('leaderIds', ids)}
        onClose={() => setPicking(false)}
      />
      <Form.Item label={t('field.lines')} required extra={locks.linesFixed ? t('locked.lines') : undefined}>
        <LinesEditor form={form} fixed={locks.linesFixed} original={original} />
      </Form.Item>
      <Space>
        <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="campaign-save">
          {t('common:save')}
        </Button>
        <Button disabled={false} onClick={() => navigate(campaign ? `/campaigns/${campaign.id}` : '/campaigns')}>
          {t('common:cancel')}
        </Button>
      </Space>
    </Form>
  );
}

/** /campaigns/new and /campaigns/:id/edit. */
export function CampaignForm() {
  const { t } = useTranslation(['campaigns', 'common']);
  const { id } = useParams();
  const campaign = useQuery({ queryKey: ['admin-campaign', id], queryFn: () => api.get<Campaign>(`admin/campaigns/${id}`), enabled: !!id });
  return (
    <Card title={id ? `${t('edit')}${campaign.data ? `：${campaign.data.title}` : ''}` : t('create')}>
      {!id ? (
        <Editor />
      ) : campaign.isPending ? (
        <Skeleton active />
      ) : campaign.isError ? (
        <Alert type="error" showIcon title={errorText(t, campaign.error)} />
      ) : (
        <Editor key={campaign.data.updatedAt} campaign={campaign.data} />
      )}
    </Card>
  );
}
