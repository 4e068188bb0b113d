import { admin } from '@linli/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Form, Input, Modal, Popconfirm, Space } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { dateTime } from '../../../common/format.ts';
import { errorText } from '../../../common/i18n.ts';
import { zodRule } from '../../../common/validation.ts';
import { api } from '../api.ts';
import type { Campaign } from './editRules.ts';
import './locales.ts';

/** What can be done to a campaign in its state: edit, publish (now or scheduled), back to draft, cancel. */
export function CampaignActions({ campaign }: { campaign: Campaign }) {
  const { t } = useTranslation(['campaigns', 'common']);
  const { message } = App.useApp();
  const navigate = useNavigate();
  const client = useQueryClient();
  const [cancelling, setCancelling] = useState(false);
  const [form] = Form.useForm<{ reason: string }>();
  const opensLater = Date.parse(campaign.opensAt) > Date.now();
  const act = useMutation({
    mutationFn: ({ action, body }: { action: 'publish' | 'unpublish' | 'cancel'; body?: unknown }) =>
      api.post<Campaign>(`admin/campaigns/${campaign.id}/${action}`, body),
    onSuccess: (c, { action }) => {
      client.setQueryData(['admin-campaign', c.id], c);
      void client.invalidateQueries({ queryKey: ['admin-campaigns'] });
      const text =
        action === 'cancel'
          ? t('action.cancelled', { title: c.title })
          : action === 'unpublish'
            ? t('action.unpublished', { title: c.title })
            : c.status === 'scheduled'
              ? t('action.scheduled', { title: c.title, time: dateTime(c.opensAt) })
              : t('action.published', { title: c.title });
      message.success(text);
      setCancelling(false);
    },
    onError: (err) => message.error(errorText(t, err)),
  });
  const { status } = campaign;
  return (
    <Space wrap>
      {(status === 'draft' || status === 'scheduled' || status === 'open') && (
        <Button onClick={() => navigate(`/campaigns/${campaign.id}/edit`)} data-testid="campaign-edit">
          {t('common:edit')}
        </Button>
      )}
      {status === 'draft' && (
        <Popconfirm
          title={opensLater ? t('action.scheduleConfirm') : t('action.publishConfirm')}
          description={opensLater ? t('action.scheduleHint', { time: dateTime(campaign.opensAt) }) : undefined}
          onConfirm={() => act.mutate({ action: 'publish' })}
          okButtonProps={{ 'data-testid': 'campaign-publish-confirm' }}
        >
          <Button type="primary" loading={act.isPending} data-testid="campaign-publish">
            {opensLater ? t('action.schedule') : t('action.publishNow')}
          </Button>
        </Popconfirm>
      )}
      {status === 'scheduled' && (
        <Button onClick={() => act.mutate({ action: 'unpublish' })} loading={act.isPending} data-testid="campaign-unpublish">
          {t('action.unpublish')}
        </Button>
      )}
      {(status === 'draft' || status === 'scheduled' || status === 'open') && (
        <Button danger onClick={() => setCancelling(true)} data-testid="campaign-cancel">
          {t('action.cancel')}
        </Button>
      )}
      <Modal
        open={cancelling}
        title={t('action.cancelTitle', { title: campaign.title })}
        onCancel={() => setCancelling(false)}
        onOk={() => form.submit()}
        okButtonProps={{ danger: true, loading: act.isPending, 'data-testid': 'campaign-cancel-confirm' }}
        okText={t('action.cancel')}
        cancelText={t('common:back')}
        destroyOnHidden
      >
        {status === 'open' && <Alert type="warning" showIcon title={t('action.cancelWarn')} style={{ marginBottom: 16 }} />}
        <Form
          form={form}
          layout="vertical"
          preserve={false}
          onFinish={(v) => act.mutate({ action: 'cancel', body: { reason: v.reason.trim() } })}
        >
          <Form.Item name="reason" label={t('action.cancelReason')} rules={[zodRule(admin.CancelCampaign.shape.reason, t)]}>
            <Input maxLength={200} placeholder={t('action.cancelReasonPlaceholder')} data-testid="campaign-cancel-reason" />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}
