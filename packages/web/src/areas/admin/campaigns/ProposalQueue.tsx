import * as helpSell from '@linli/contracts/help-sell';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Checkbox, Form, Input, InputNumber, Modal, Select, Space, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import type { z } from 'zod';
import type { Page } from '../../../common/api.ts';
import { shortDateTime, yuan } from '../../../common/format.ts';
import { errorText } from '../../../common/i18n.ts';
import { ListTable } from '../../../desktop/ListTable.tsx';
import { useServerTable } from '../../../desktop/useServerTable.ts';
import { api } from '../api.ts';
import './locales.ts';

type Proposal = z.infer<typeof helpSell.HelpSellProposal>;
type Status = Proposal['status'];
interface ApproveValues {
  /** Percent, as staff type it; sent in basis points. */
  sellerPct: number;
  publisherPct: number;
  publish: boolean;
}

const pct = (bp: number) => `${(bp / 100).toFixed(bp % 100 === 0 ? 0 : 2)}%`;
const bp = (percent: number) => Math.round(percent * 100);
const statusColor = { pending: 'gold', approved: 'green', rejected: 'red', withdrawn: 'default' } as const;

/**
 * 帮卖申请: the help-sell campaigns leaders and suppliers propose, the pending ones first as a queue.
 * Approving (with the split as proposed or changed, as a draft or published) creates the campaign
 * with the proposer as publisher and opens it; rejecting asks for the reason the proposer is told.
 */
export function ProposalQueue() {
  const { t } = useTranslation(['campaigns', 'common']);
  const { message } = App.useApp();
  const navigate = useNavigate();
  const client = useQueryClient();
  const [status, setStatus] = useState<Status | undefined>('pending');
  const [approving, setApproving] = useState<Proposal | null>(null);
  const [rejecting, setRejecting] = useState<Proposal | null>(null);
  const [approveForm] = Form.useForm<ApproveValues>();
  const [rejectForm] = Form.useForm<{ reason: string }>();
  const { query, tableProps } = useServerTable<Proposal, { status: Status | undefined }>('admin-help-sell-proposals', { status }, (q) =>
    api.get<Page<Proposal>>('admin/help-sell/proposals', q),
  );
  const refresh = () => void client.invalidateQueries({ queryKey: ['admin-help-sell-proposals'] });
  const approve = useMutation({
    mutationFn: ({ p, v }: { p: Proposal; v: ApproveValues }) =>
      api.post<Proposal>(`admin/help-sell/proposals/${encodeURIComponent(p.id)}/approve`, {
        sellerBp: bp(v.sellerPct),
        publisherBp: bp(v.publisherPct),
        publish: v.publish,
      }),
    onSuccess: (p) => {
      setApproving(null);
      refresh();
      void client.invalidateQueries({ queryKey: ['admin-campaigns'] });
      message.success(t('proposals.approved'));
      // the campaign it became: staff publish or edit it there
      if (p.campaignId) navigate(`/campaigns/${p.campaignId}`);
    },
    onError: (err) => message.error(errorText(t, err)),
  });
  const reject = useMutation({
    mutationFn: ({ p, reason }: { p: Proposal; reason: string }) =>
      api.post<Proposal>(`admin/help-sell/proposals/${encodeURIComponent(p.id)}/reject`, { reason }),
    onSuccess: () => {
      setRejecting(null);
      refresh();
      message.success(t('proposals.rejected'));
    },
    onError: (err) => message.error(errorText(t, err)),
  });
  const openApprove = (p: Proposal) => {
    approveForm.setFieldsValue({ sellerPct: p.sellerBp / 100, publisherPct: p.publisherBp / 100, publish: false });
    setApproving(p);
  };
  const openReject = (p: Proposal) => {
    rejectForm.resetFields();
    setRejecting(p);
  };
  const seller = Form.useWatch('sellerPct', approveForm) ?? 0;
  const publisher = Form.useWatch('publisherPct', approveForm) ?? 0;

  const columns: ColumnsType<Proposal> = [
    {
      title: t('proposals.campaign'),
      dataIndex: 'title',
      render: (title: string, p) => (
        <Space orientation="vertical" size={0}>
          <strong>{title}</strong>
          {p.note && (
            <Typography.Text type="secondary" ellipsis style={{ maxWidth: 320, fontSize: 12 }}>
              {p.note}
            </Typography.Text>
          )}
          {p.campaignId && <Link to={`/campaigns/${p.campaignId}`}>{t('proposals.viewCampaign')}</Link>}
          {p.reason && <Typography.Text type="danger">{p.reason}</Typography.Text>}
        </Space>
      ),
    },
    {
      title: t('proposals.proposer'),
      key: 'proposer',
      width: 140,
      render: (_, p) => `${t(`proposals.kind.${p.proposer.kind}`)} ${p.proposer.name}`,
    },
    {
      title: t('proposals.window'),
      key: 'window',
      width: 220,
      render: (_, p) =>
        t('proposals.windowText', { opens: shortDateTime(p.opensAt), cutoff: shortDateTime(p.cutoffAt), pickup: p.pickupDate }),
    },
    {
      title: t('proposals.lines'),
      key: 'lines',
      render: (_, p) => (
        <Space orientation="vertical" size={0}>
          {p.lines.map((l) => (
            <span key={l.skuId}>
              {t('proposals.lineText', {
                title: l.title,
                price: yuan(l.groupPriceFen),
                stock: l.stockTotal ?? t('proposals.unlimited'),
                limit: l.perResidentLimit ?? t('proposals.unlimited'),
              })}
            </span>
          ))}
        </Space>
      ),
    },
    {
      title: t('proposals.split'),
      key: 'split',
      width: 200,
      render: (_, p) =>
        p.agreed
          ? t('proposals.agreedOf', {
              seller: pct(p.agreed.sellerBp),
              publisher: pct(p.agreed.publisherBp),
              platform: pct(p.agreed.platformBp),
            })
          : t('proposals.splitOf', { seller: pct(p.sellerBp), publisher: pct(p.publisherBp) }),
    },
    {
      title: t('common:status'),
      dataIndex: 'status',
      width: 90,
      render: (s: Status) => <Tag color={statusColor[s]}>{t(`proposals.status.${s}`)}</Tag>,
    },
    {
      title: t('common:actions'),
      key: 'actions',
      width: 130,
      render: (_, p) =>
        p.status === 'pending' && (
          <Space size={0}>
            <Button type="link" size="small" onClick={() => openApprove(p)} data-testid="proposal-approve">
              {t('proposals.approve')}
            </Button>
            <Button type="link" size="small" danger onClick={() => openReject(p)} data-testid="proposal-reject">
              {t('proposals.reject')}
            </Button>
          </Space>
        ),
    },
  ];

  return (
    <Card title={t('proposals.title')} extra={<Button onClick={() => navigate('/campaigns')}>{t('proposals.back')}</Button>}>
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        <Select<Status>
          allowClear
          placeholder={t('allStatus')}
          value={status}
          onChange={setStatus}
          style={{ width: 140 }}
          options={helpSell.ProposalStatus.options.map((s) => ({ value: s, label: t(`proposals.status.${s}`) }))}
          data-testid="proposal-status-filter"
        />
        <ListTable<Proposal>
          table={{ query, tableProps }}
          columns={columns}
          row={(p) => ({ 'data-testid': 'proposal-row', 'data-id': p.id, 'data-status': p.status })}
        />
      </Space>
      <Modal
        open={approving !== null}
        title={approving && t('proposals.approveTitle', { title: approving.title })}
        onCancel={() => setApproving(null)}
        onOk={() => approveForm.submit()}
        okText={t('proposals.approve')}
        okButtonProps={{ 'data-testid': 'proposal-approve-ok' }}
        confirmLoading={approve.isPending}
        forceRender
      >
        <Typography.Paragraph type="secondary">{t('proposals.approveHint')}</Typography.Paragraph>
        <Form
          form={approveForm}
          layout="vertical"
          onFinish={(v) => approving && approve.mutate({ p: approving, v })}
          data-testid="proposal-approve-form"
        >
          <Space>
            <Form.Item name="sellerPct" label={t('proposals.sellerPct')} rules={[{ required: true }]}>
              <InputNumber min={0} max={100} step={1} data-testid="approve-seller" />
            </Form.Item>
            <Form.Item name="publisherPct" label={t('proposals.publisherPct')} rules={[{ required: true }]}>
              <InputNumber min={0} max={100} step={1} data-testid="approve-publisher" />
            </Form.Item>
          </Space>
          <Typography.Paragraph data-testid="approve-platform">
            {t('proposals.platformKeeps', { pct: pct(10_000 - bp(seller) - bp(publisher)) })}
          </Typography.Paragraph>
          <Form.Item name="publish" valuePropName="checked">
            <Checkbox data-testid="approve-publish">{t('proposals.publish')}</Checkbox>
          </Form.Item>
        </Form>
      </Modal>
      <Modal
        open={rejecting !== null}
        title={rejecting && t('proposals.rejectTitle', { title: rejecting.title })}
        onCancel={() => setRejecting(null)}
        onOk={() => rejectForm.submit()}
        okText={t('proposals.reject')}
        okButtonProps={{ danger: true }}
        confirmLoading={reject.isPending}
        forceRender
      >
        <Form form={rejectForm} layout="vertical" onFinish={(v) => rejecting && reject.mutate({ p: rejecting, reason: v.reason })}>
          <Form.Item
            name="reason"
            label={t('proposals.reason')}
            rules={[{ required: true, whitespace: true, message: t('proposals.reasonRequired') }]}
          >
            <Input.TextArea rows={3} maxLength={500} data-testid="reject-reason" />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
