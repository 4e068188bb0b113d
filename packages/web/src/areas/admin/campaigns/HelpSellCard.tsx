import type { admin } from '@linli/contracts';
import type * as helpSell from '@linli/contracts/help-sell';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Descriptions, Form, InputNumber, Popconfirm, Radio, Select, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type { Page } from '../../../common/api.ts';
import { errorText } from '../../../common/i18n.ts';
import { api } from '../api.ts';
import { SupplierSelect, useDebounced } from '../catalog/lookups.tsx';
import { leaderSearch } from '../leaders/search.ts';
import type { Campaign } from './editRules.ts';
import './locales.ts';

type Terms = NonNullable<z.infer<typeof helpSell.CampaignHelpSell>['terms']>;
type Leader = z.infer<typeof admin.Leader>;
interface Values {
  publisherKind: 'leader' | 'supplier';
  publisherId?: string;
  /** Percent, as staff type it; sent in basis points. */
  sellerPct: number;
  publisherPct: number;
}

const pct = (bp: number) => `${(bp / 100).toFixed(bp % 100 === 0 ? 0 : 2)}%`;
const bp = (percent: number) => Math.round(percent * 100);

/** Chooses an active leader by name or phone digits, searched on the server. */
function LeaderSelect({ value, onChange, name }: { value?: string; onChange?: (v: string) => void; name?: string }) {
  const [typed, setTyped] = useState('');
  const search = useDebounced(typed);
  const results = useQuery({
    queryKey: ['admin-leaders', 'options', search],
    queryFn: () => api.get<Page<Leader>>('admin/leaders', { ...leaderSearch(search), status: 'active', pageSize: 20 }),
  });
  const options = (results.data?.items ?? []).map((l) => ({ value: l.id, label: `${l.name} ${l.phone}` }));
  if (value && !options.some((o) => o.value === value)) options.unshift({ value, label: name ?? value });
  return (
    <Select<string>
      showSearch={{ filterOption: false, onSearch: setTyped }}
      value={value}
      onChange={(v) => onChange?.(v)}
      options={options}
      loading={results.isFetching}
      data-testid="help-sell-leader"
    />
  );
}

/**
 * 帮卖 on the campaign's page: the publisher (a leader or a supplier) and the agreed split, in percent
 * of what the resident pays for a line, editable while the campaign is a draft or scheduled; the
 * leaders who opted in to resell it.
 */
export function HelpSellCard({ campaign }: { campaign: Campaign }) {
  const { t } = useTranslation(['campaigns', 'common']);
  const { message } = App.useApp();
  const client = useQueryClient();
  const key = ['admin-campaign-help-sell', campaign.id];
  const query = useQuery({
    queryKey: key,
    queryFn: () => api.get<z.infer<typeof helpSell.CampaignHelpSell>>(`admin/campaigns/${campaign.id}/help-sell`),
  });
  const [form] = Form.useForm<Values>();
  const [editing, setEditing] = useState(false);
  const editable = campaign.status === 'draft' || campaign.status === 'scheduled';
  const done = (data: z.infer<typeof helpSell.CampaignHelpSell>) => {
    client.setQueryData(key, data);
    setEditing(false);
    message.success(t('helpSell.saved'));
  };
  const save = useMutation({
    mutationFn: (v: Values) =>
      api.put<z.infer<typeof helpSell.CampaignHelpSell>>(`admin/campaigns/${campaign.id}/help-sell`, {
        publisherKind: v.publisherKind,
        publisherId: v.publisherId,
        sellerBp: bp(v.sellerPct),
        publisherBp: bp(v.publisherPct),
      }),
    onSuccess: done,
    onError: (err) => message.error(errorText(t, err)),
  });
  const remove = useMutation({
    mutationFn: () => api.delete<z.infer<typeof helpSell.CampaignHelpSell>>(`admin/campaigns/${campaign.id}/help-sell`),
    onSuccess: done,
    onError: (err) => message.error(errorText(t, err)),
  });
  const terms: Terms | null = query.data?.terms ?? null;
  const kind = Form.useWatch('publisherKind', form) ?? terms?.publisherKind ?? 'leader';
  const seller = Form.useWatch('sellerPct', form) ?? 0;
  const publisher = Form.useWatch('publisherPct', form) ?? 0;
  // The form mounts when editing starts, from the terms as they are (or a usual split for a new one).
  const initialValues: Values = {
    publisherKind: terms?.publisherKind ?? 'leader',
    ...(terms ? { publisherId: terms.publisherId } : {}),
    sellerPct: (terms?.sellerBp ?? 1500) / 100,
    publisherPct: (terms?.publisherBp ?? 500) / 100,
  };
  const start = () => setEditing(true);
  return (
    <Card
      title={
        <Space>
          {t('helpSell.title')}
          {terms ? <Tag color="purple">{t('helpSell.on')}</Tag> : <Tag>{t('helpSell.off')}</Tag>}
        </Space>
      }
      loading={query.isPending}
      extra={
        editable &&
        !editing && (
          <Space>
            <Button onClick={start} data-testid="help-sell-edit">
              {terms ? t('helpSell.edit') : t('helpSell.make')}
            </Button>
            {terms && (
              <Popconfirm title={t('helpSell.removeConfirm')} onConfirm={() => remove.mutate()}>
                <Button danger data-testid="help-sell-remove">
                  {t('helpSell.remove')}
                </Button>
              </Popconfirm>
            )}
          </Space>
        )
      }
      data-testid="help-sell-card"
    >
      {editing ? (
        <Form<Values> form={form} layout="inline" initialValues={initialValues} onFinish={(v) => save.mutate(v)}>
          <Form.Item name="publisherKind" label={t('helpSell.publisher')}>
            <Radio.Group
              options={[
                { value: 'leader', label: t('helpSell.kind.leader') },
                { value: 'supplier', label: t('helpSell.kind.supplier') },
              ]}
              onChange={() => form.setFieldValue('publisherId', undefined)}
            />
          </Form.Item>
          <Form.Item name="publisherId" rules={[{ required: true, message: t('helpSell.publisherRequired') }]} style={{ minWidth: 220 }}>
            {kind === 'leader' ? <LeaderSelect name={terms?.publisherName} /> : <SupplierSelect data-testid="help-sell-supplier" />}
          </Form.Item>
          <Form.Item name="sellerPct" label={t('helpSell.sellerShare')}>
            <InputNumber min={0} max={100} step={0.5} suffix="%" data-testid="help-sell-seller" />
          </Form.Item>
          <Form.Item name="publisherPct" label={t('helpSell.publisherShare')}>
            <InputNumber min={0} max={100} step={0.5} suffix="%" data-testid="help-sell-publisher" />
          </Form.Item>
          <Form.Item>
            <Typography.Text type={seller + publisher > 100 ? 'danger' : 'secondary'} data-testid="help-sell-platform">
              {t('helpSell.platformKeeps', { pct: `${Math.round((100 - seller - publisher) * 100) / 100}%` })}
            </Typography.Text>
          </Form.Item>
          <Form.Item>
            <Space>
              <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="help-sell-save">
                {t('common:save')}
              </Button>
              <Button onClick={() => setEditing(false)}>{t('common:cancel')}</Button>
            </Space>
          </Form.Item>
        </Form>
      ) : terms ? (
        <Descriptions size="small" column={3} bordered>
          <Descriptions.Item label={t('helpSell.publisher')}>
            <span data-testid="help-sell-publisher-name">
              {t(`helpSell.kind.${terms.publisherKind}`)} · {terms.publisherName}
            </span>
          </Descriptions.Item>
          <Descriptions.Item label={t('helpSell.split')}>
            <span data-testid="help-sell-split">
              {t('helpSell.splitOf', { seller: pct(terms.sellerBp), publisher: pct(terms.publisherBp), platform: pct(terms.platformBp) })}
            </span>
          </Descriptions.Item>
          <Descriptions.Item label={t('helpSell.resellers')}>
            <span data-testid="help-sell-resellers">
              {terms.resellers.length === 0 ? t('helpSell.noResellers') : terms.resellers.map((r) => r.name).join('、')}
            </span>
          </Descriptions.Item>
        </Descriptions>
      ) : (
        <Typography.Text type="secondary">{editable ? t('helpSell.ordinary') : t('helpSell.ordinaryLocked')}</Typography.Text>
      )}
    </Card>
  );
}
