import * as ledger from '@linli/contracts/ledger';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Empty, Form, Input, Modal, Popconfirm, Segmented, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type { Page } from '../../../common/api.ts';
import { shortDateTime, yuan } from '../../../common/format.ts';
import { errorText } from '../../../common/i18n.ts';
import { zodRule } from '../../../common/validation.ts';
import { useServerTable } from '../../../desktop/useServerTable.ts';
import { api } from '../api.ts';
import { PartyName, PartySelect } from './ui.tsx';
import { LoadError } from '../../../desktop/LoadError.tsx';

type Withdrawal = z.infer<typeof ledger.Withdrawal>;
type Status = Withdrawal['status'];
const statusColor: Record<Status, string> = { requested: 'orange', approved: 'blue', paid: 'green', failed: 'red', rejected: 'default' };

function RejectModal({ w, onClose, onDone }: { w: Withdrawal; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation('finance');
  const { message } = App.useApp();
  const [form] = Form.useForm<{ reason: string }>();
  const reject = useMutation({
    mutationFn: (reason: string) => api.post<Withdrawal>(`admin/finance/withdrawals/${w.id}/reject`, { reason: reason.trim() }),
    onSuccess: () => {
      void message.success(t('withdrawals.rejected'));
      onDone();
      onClose();
    },
  });
  return (
    <Modal
      open
      title={`${t('withdrawals.rejectTitle')} · ${yuan(w.amountFen)}`}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('withdrawals.reject')}
      okButtonProps={{ danger: true, loading: reject.isPending }}
    >
      <Form form={form} layout="vertical" onFinish={(v) => reject.mutate(v.reason)}>
        <Form.Item name="reason" label={t('withdrawals.reason')} rules={[zodRule(ledger.RejectWithdrawal.shape.reason, t)]}>
          <Input.TextArea rows={2} maxLength={500} data-testid="withdrawal-reject-reason" />
        </Form.Item>
      </Form>
      {reject.isError && <Alert type="error" showIcon title={errorText(t, reject.error)} />}
    </Modal>
  );
}

type Filters = { status?: Status | undefined; leaderId?: string | undefined };

/** Leaders' withdrawals, newest first, filtered by status and leader and paged by the server: approve sends the payout, reject returns the money. */
export function WithdrawalsTab() {
  const { t } = useTranslation('finance');
  const { message } = App.useApp();
  const client = useQueryClient();
  const [status, setStatus] = useState<Status | 'all'>('requested');
  const [leaderId, setLeaderId] = useState<string | undefined>();
  const [rejecting, setRejecting] = useState<Withdrawal | null>(null);
  const filters: Filters = { status: status === 'all' ? undefined : status, leaderId };
  const { query: list, tableProps } = useServerTable<Withdrawal, Filters>('finance-withdrawals', filters, (q) =>
    api.get<Page<Withdrawal>>('admin/finance/withdrawals', q),
  );
  const changed = () =>
    Promise.all([client.invalidateQueries({ queryKey: ['finance'] }), client.invalidateQueries({ queryKey: ['finance-withdrawals'] })]);
  const approve = useMutation({
    mutationFn: (id: string) => api.post<Withdrawal>(`admin/finance/withdrawals/${id}/approve`),
    onSuccess: () => {
      void message.success(t('withdrawals.approved'));
      void changed();
    },
    onError: (err) => void message.error(errorText(t, err)),
  });
  const items = list.data?.items ?? [];
  const total = list.data?.total ?? 0;
  const waitingFen = items.reduce((s, w) => s + (w.status === 'requested' ? w.amountFen : 0), 0);

  const columns: ColumnsType<Withdrawal> = [
    { title: t('withdrawals.requestedAt'), dataIndex: 'requestedAt', width: 110, render: (v: string) => shortDateTime(v) },
    { title: t('withdrawals.leader'), dataIndex: 'leaderId', render: (id: string) => <PartyName kind="leader" id={id} /> },
    { title: t('withdrawals.amount'), dataIndex: 'amountFen', align: 'right', render: (v: number) => yuan(v) },
    { title: t('withdrawals.fee'), dataIndex: 'feeFen', align: 'right', render: (v: number) => yuan(v) },
    { title: t('withdrawals.net'), dataIndex: 'netFen', align: 'right', render: (v: number) => <b>{yuan(v)}</b> },
    {
      title: t('withdrawals.status'),
      dataIndex: 'status',
      width: 180,
      render: (s: Status, w) => (
        <Space orientation="vertical" size={0}>
          <Tag color={statusColor[s]}>{t(`withdrawalStatus.${s}`)}</Tag>
          {w.payoutState && (
            <Typography.Text type="secondary" data-testid="withdrawal-payout-state">
              {t(`payoutState.${w.payoutState}`, { defaultValue: w.payoutState })}
            </Typography.Text>
          )}
          {w.failureReason && (
            <Typography.Text type="danger" ellipsis={{ tooltip: w.failureReason }} style={{ maxWidth: 160 }}>
              {w.failureReason}
            </Typography.Text>
          )}
        </Space>
      ),
    },
    { title: t('withdrawals.decidedAt'), dataIndex: 'decidedAt', width: 110, render: (v: string | null) => (v ? shortDateTime(v) : '—') },
    { title: t('withdrawals.finishedAt'), dataIndex: 'finishedAt', width: 110, render: (v: string | null) => (v ? shortDateTime(v) : '—') },
    {
      title: t('common:actions'),
      key: 'act',
      width: 190,
      render: (_, w) =>
        w.status === 'requested' && (
          <Space>
            <Popconfirm
              title={t('withdrawals.approveConfirm', { amount: yuan(w.netFen) })}
              onConfirm={() => approve.mutateAsync(w.id).catch(() => undefined)}
            >
              <Button
                type="primary"
                size="small"
                loading={approve.isPending && approve.variables === w.id}
                data-testid="withdrawal-approve"
              >
                {t('withdrawals.approve')}
              </Button>
            </Popconfirm>
            <Button size="small" danger onClick={() => setRejecting(w)} data-testid="withdrawal-reject">
              {t('withdrawals.reject')}
            </Button>
          </Space>
        ),
    },
  ];

  return (
    <>
      <Space wrap style={{ marginBottom: 12 }}>
        <Segmented<Status | 'all'>
          value={status}
          options={[
            ...ledger.WithdrawalStatus.options.map((s) => ({ value: s, label: t(`withdrawalStatus.${s}`) })),
            { value: 'all' as const, label: t('common:all') },
          ]}
          onChange={setStatus}
          data-testid="withdrawal-status"
        />
        <PartySelect kind="leader" value={leaderId} onChange={setLeaderId} />
        {status === 'requested' && total > 0 && (
          <Typography.Text type="secondary" data-testid="withdrawal-waiting">
            {t(total > items.length ? 'withdrawals.toApprovePage' : 'withdrawals.toApprove', { count: total, amount: yuan(waitingFen) })}
          </Typography.Text>
        )}
      </Space>
      <LoadError query={list} />
      <Table<Withdrawal>
        rowKey="id"
        size="middle"
        columns={columns}
        {...tableProps}
        onRow={() => ({ 'data-testid': 'withdrawal-row' }) as object}
        locale={{ emptyText: <Empty description={t('withdrawals.none')} /> }}
      />
      {rejecting && <RejectModal w={rejecting} onClose={() => setRejecting(null)} onDone={changed} />}
    </>
  );
}
