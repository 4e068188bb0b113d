import { webhooks } from '@linli/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Form, Input, Modal, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../../common/i18n.ts';
import { zodRule } from '../../../common/validation.ts';
import { api } from '../api.ts';
import type { CreatedEndpoint, Endpoint, EventTypeList } from './types.ts';
import './locales.ts';

interface Values {
  url: string;
  description: string;
  eventTypes: string[];
}

/** Adds an endpoint (then its secret is shown once), or changes one's URL, description and event types. */
export function EndpointForm({
  editing,
  open,
  onClose,
  onCreated,
}: {
  editing: Endpoint | null;
  open: boolean;
  onClose: () => void;
  onCreated: (created: CreatedEndpoint) => void;
}) {
  const { t } = useTranslation(['webhooks', 'common']);
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const client = useQueryClient();
  const types = useQuery({
    queryKey: ['admin-webhook-event-types'],
    queryFn: () => api.get<EventTypeList>('admin/webhooks/event-types'),
    enabled: open,
    staleTime: Number.POSITIVE_INFINITY,
  });
  const save = useMutation({
    mutationFn: (v: Values) =>
      editing ? api.patch<Endpoint>(`admin/webhooks/${editing.id}`, v) : api.post<CreatedEndpoint>('admin/webhooks', v),
    onSuccess: (saved) => {
      void client.invalidateQueries({ queryKey: ['admin-webhooks'] });
      if (editing) message.success(t('saved'));
      else onCreated(saved as CreatedEndpoint);
      onClose();
    },
    onError: (err) => message.error(errorText(t, err)),
  });
  const options = [{ value: '*', label: t('allTypes') }, ...(types.data?.items ?? []).map((i) => ({ value: i.type, label: i.type }))];
  return (
    <Modal
      open={open}
      title={editing ? `${t('edit')}: ${editing.url}` : t('add')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common:save')}
      okButtonProps={{ loading: save.isPending, 'data-testid': 'webhook-save' }}
      destroyOnHidden
      width={640}
    >
      <Form<Values>
        form={form}
        layout="vertical"
        preserve={false}
        initialValues={
          editing ? { url: editing.url, description: editing.description, eventTypes: editing.eventTypes } : { eventTypes: [] }
        }
        onFinish={(v) => save.mutate({ ...v, description: v.description ?? '' })}
      >
        <Form.Item name="url" label={t('url')} extra={t('urlHelp')} rules={[zodRule(webhooks.WebhookUrl, t)]}>
          <Input placeholder="https://example.com/linli-webhooks" maxLength={500} data-testid="webhook-url" />
        </Form.Item>
        <Form.Item name="description" label={t('description')}>
          <Input maxLength={200} data-testid="webhook-description" />
        </Form.Item>
        <Form.Item name="eventTypes" label={t('eventTypes')} rules={[zodRule(webhooks.CreateWebhookEndpoint.shape.eventTypes, t)]}>
          <Select
            mode="multiple"
            options={options}
            loading={types.isLoading}
            placeholder={t('typesPlaceholder')}
            data-testid="webhook-types"
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
