import { applications } from '@linli/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Descriptions, Drawer, Form, Input, InputNumber, Modal, Popconfirm, Space, Spin, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApiError } from '../../../common/api.ts';
import { dateTime } from '../../../common/format.ts';
import { errorCode, errorText } from '../../../common/i18n.ts';
import { zodRule } from '../../../common/validation.ts';
import { RetryAlert } from '../../../desktop/LoadError.tsx';
import { api } from '../api.ts';
import { LazyMap } from './LazyMap.tsx';
import { RevealPhone } from './RevealPhone.tsx';
import { ApplicationStatusTag, applicationsKey } from './applicationShared.tsx';

type Application = applications.AdminLeaderApplication;

/** Asks for the reason of a rejection (checked with the contract) and rejects. */
function RejectModal({ application: a, open, onClose }: { application: Application; open: boolean; onClose: () => void }) {
  const { t } = useTranslation(['leaderApplications', 'common']);
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm<{ reason: string }>();
  const reject = useMutation({
    mutationFn: (reason: string) => api.post<Application>(`admin/leader-applications/${a.id}/reject`, { reason }),
    onSuccess: () => {
      message.success(t('rejected', { name: a.name }));
      void client.invalidateQueries({ queryKey: [applicationsKey] });
      onClose();
    },
    onError: (err) => {
      message.error(errorCode(err) === 'INVALID_STATE' ? t('alreadyDecided') : errorText(t, err));
      if (errorCode(err) === 'INVALID_STATE') void client.invalidateQueries({ queryKey: [applicationsKey] });
    },
  });
  return (
    <Modal
      open={open}
      title={t('rejectTitle')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('reject')}
      okButtonProps={{ danger: true, loading: reject.isPending, 'data-testid': 'application-reject-confirm' }}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" preserve={false} onFinish={(v) => reject.mutate(v.reason.trim())}>
        <Form.Item name="reason" label={t('rejectReason')} rules={[zodRule(applications.RejectLeaderApplication.shape.reason, t)]}>
          <Input.TextArea rows={3} maxLength={500} showCount placeholder={t('rejectPlaceholder')} data-testid="application-reject-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** Approve (with a level) or reject a pending application; a phone that already leads is named with a link. */
function Decision({ application: a }: { application: Application }) {
  const { t } = useTranslation(['leaderApplications', 'common']);
  const { message } = App.useApp();
  const client = useQueryClient();
  const [level, setLevel] = useState<number | null>(1);
  const [rejecting, setRejecting] = useState(false);
  const [taken, setTaken] = useState<string | null>(null);
  const approve = useMutation({
    mutationFn: () => api.post<Application>(`admin/leader-applications/${a.id}/approve`, { level: level ?? 1 }),
    onSuccess: () => {
      message.success(t('approved', { name: a.name }));
      void client.invalidateQueries({ queryKey: [applicationsKey] });
      void client.invalidateQueries({ queryKey: ['admin-leaders'] });
      void client.invalidateQueries({ queryKey: ['admin-pickup-points'] });
    },
    onError: (err) => {
      if (err instanceof ApiError && err.code === 'CONFLICT' && typeof err.details?.leaderId === 'string')
        return setTaken(err.details.leaderId);
      message.error(errorCode(err) === 'INVALID_STATE' ? t('alreadyDecided') : errorText(t, err));
      if (errorCode(err) === 'INVALID_STATE') void client.invalidateQueries({ queryKey: [applicationsKey] });
    },
  });
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      {taken && (
        <Alert
          type="error"
          showIcon
          title={t('phoneTaken', { phone: a.phone })}
          action={<Link to={`/leaders/${taken}`}>{t('openExisting')}</Link>}
          data-testid="application-conflict"
        />
      )}
      <Typography.Text type="secondary">{t('levelHelp')}</Typography.Text>
      <Space wrap>
        <span>{t('level')}</span>
        <InputNumber min={1} max={100} precision={0} value={level} onChange={setLevel} data-testid="application-level" />
        <Popconfirm
          title={t('approveConfirm', { name: a.name, phone: a.phone, point: a.pickupPoint.name })}
          onConfirm={() => approve.mutate()}
          okButtonProps={{ 'data-testid': 'application-approve-confirm' }}
        >
          <Button type="primary" loading={approve.isPending} data-testid="application-approve">
            {t('approve')}
          </Button>
        </Popconfirm>
        <Button danger onClick={() => setRejecting(true)} data-testid="application-reject">
          {t('reject')}
        </Button>
      </Space>
      <RejectModal application={a} open={rejecting} onClose={() => setRejecting(false)} />
    </Space>
  );
}

/** One application: the applicant, the proposed pickup point on the map, and the decision. */
export function ApplicationDrawer({ id, onClose }: { id: string | null; onClose: () => void }) {
  const { t } = useTranslation(['leaderApplications', 'common']);
  const query = useQuery({
    queryKey: [applicationsKey, 'one', id],
    queryFn: () => api.get<Application>(`admin/leader-applications/${id}`),
    enabled: Boolean(id),
  });
  const a = query.data;
  return (
    <Drawer open={Boolean(id)} onClose={onClose} size={720} title={t('detail')} destroyOnHidden>
      {query.isPending && <Spin style={{ display: 'block', margin: '48px auto' }} />}
      <RetryAlert query={query} />
      {a && (
        <Space orientation="vertical" size="large" style={{ width: '100%' }} data-testid="application-detail" data-status={a.status}>
          <Descriptions size="small" column={2} bordered>
            <Descriptions.Item label={t('applicant')}>{a.name}</Descriptions.Item>
            <Descriptions.Item label={t('phone')}>
              <RevealPhone kind="leader_application" id={a.id} masked={a.phone} />
            </Descriptions.Item>
            <Descriptions.Item label={t('createdAt')}>{dateTime(a.createdAt)}</Descriptions.Item>
            <Descriptions.Item label={t('common:status')}>
              <ApplicationStatusTag status={a.status} />
            </Descriptions.Item>
            <Descriptions.Item label={t('note')} span={2}>
              <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{a.note}</Typography.Paragraph>
            </Descriptions.Item>
            <Descriptions.Item label={t('point')} span={2}>
              {a.pickupPoint.name}
            </Descriptions.Item>
            <Descriptions.Item label={t('address')} span={2}>
              {a.pickupPoint.address}
            </Descriptions.Item>
            <Descriptions.Item label={t('coordinates')}>
              {a.pickupPoint.lat.toFixed(6)}, {a.pickupPoint.lng.toFixed(6)}
            </Descriptions.Item>
            <Descriptions.Item label={t('openingHours')}>{a.pickupPoint.openingHours || '—'}</Descriptions.Item>
            {a.decidedAt && (
              <Descriptions.Item label={t('decided')} span={2}>
                {t('decidedBy', { name: a.decidedBy?.name ?? '', time: dateTime(a.decidedAt) })}
              </Descriptions.Item>
            )}
            {a.reason && (
              <Descriptions.Item label={t('reason')} span={2}>
                <span data-testid="application-reason">{a.reason}</span>
              </Descriptions.Item>
            )}
          </Descriptions>
          <LazyMap
            height={260}
            fitKey={a.id}
            points={[{ id: a.id, lat: a.pickupPoint.lat, lng: a.pickupPoint.lng, color: '#ff6a00', tooltip: a.pickupPoint.name }]}
          />
          {a.status === 'pending' && <Decision application={a} />}
          {a.status === 'approved' && a.leaderId && (
            <Link to={`/leaders/${a.leaderId}`} data-testid="application-open-leader">
              <Button type="primary">{t('openLeader')}</Button>
            </Link>
          )}
        </Space>
      )}
    </Drawer>
  );
}
