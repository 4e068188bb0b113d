import * as ledger from '@linli/contracts/ledger';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Form, Input, Modal, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { yuan } from '../../../common/format.ts';
import { errorText } from '../../../common/i18n.ts';
import { zodRule } from '../../../common/validation.ts';
import { api } from '../api.ts';
import { type Entry, postingSides } from './money.ts';
import { PartyName } from './ui.tsx';

/** Asks why, then posts the reversal of an entry (the journal is never edited). */
export function ReverseModal({ entry, onClose }: { entry: Entry; onClose: () => void }) {
  const { t } = useTranslation('finance');
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm<{ reason: string }>();
  const reverse = useMutation({
    mutationFn: (reason: string) => api.post(`admin/finance/entries/${entry.id}/reverse`, { reason: reason.trim() }),
    onSuccess: () => {
      void message.success(t('journal.reverseDone'));
      void client.invalidateQueries({ queryKey: ['finance'] });
      void client.invalidateQueries({ queryKey: ['finance-journal'] });
      void client.invalidateQueries({ queryKey: ['finance-accounts'] });
      onClose();
    },
  });
  return (
    <Modal
      open
      title={`${t('journal.reverseTitle')} · ${t(`kind.${entry.kind}`, { defaultValue: entry.kind })}`}
      onCancel={onClose}
      onOk={() => form.submit()}
      okButtonProps={{ danger: true, loading: reverse.isPending }}
      okText={t('journal.reverse')}
    >
      <Typography.Paragraph type="secondary">{t('journal.reverseHelp')}</Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={(v) => reverse.mutate(v.reason)}>
        <Form.Item name="reason" label={t('journal.reason')} rules={[zodRule(ledger.ReverseEntry.shape.reason, t)]}>
          <Input.TextArea rows={2} maxLength={500} data-testid="reverse-reason" />
        </Form.Item>
      </Form>
      {reverse.isError && <Alert type="error" showIcon title={errorText(t, reverse.error)} />}
    </Modal>
  );
}

/** An entry's amount: the sum of its debits (equal to its credits). */
export function entryAmount(entry: Entry): number {
  return entry.postings.reduce((s, p) => s + p.debitFen, 0);
}

/** The accounts an entry debits and credits, by name: "借 支付清算 · 贷 居民预收款". */
export function EntryAccounts({ entry }: { entry: Entry }) {
  const { t } = useTranslation('finance');
  const names = (side: 'debit' | 'credit') => [
    ...new Set(entry.postings.filter((p) => postingSides(p)[side] !== null).map((p) => t(`account.${p.code}`, { defaultValue: p.code }))),
  ];
  const text = `${t('side.debit')} ${names('debit').join('、')} · ${t('side.credit')} ${names('credit').join('、')}`;
  return <Typography.Text ellipsis={{ tooltip: text }}>{text}</Typography.Text>;
}

/** An entry's postings, debit and credit, with the party of each account. */
export function Postings({ entry }: { entry: Entry }) {
  const { t } = useTranslation('finance');
  return (
    <Table
      size="small"
      rowKey="key"
      pagination={false}
      tableLayout="fixed"
      data-testid="entry-postings"
      dataSource={entry.postings.map((p, i) => ({ ...p, key: `${p.accountId}/${i}` }))}
      columns={[
        { title: t('accounts.code'), dataIndex: 'code', width: 200, render: (c: string) => t(`account.${c}`, { defaultValue: c }) },
        { title: t('accounts.party'), key: 'party', width: 220, render: (_, p) => <PartyName kind={p.partyKind} id={p.partyId} /> },
        { title: t('journal.sku'), dataIndex: 'skuId', ellipsis: true, render: (v: string | null) => v ?? '' },
        {
          title: t('journal.debit'),
          key: 'dr',
          align: 'right',
          width: 140,
          render: (_, p) => (postingSides(p).debit ? yuan(p.debitFen) : ''),
        },
        {
          title: t('journal.credit'),
          key: 'cr',
          align: 'right',
          width: 140,
          render: (_, p) => (postingSides(p).credit ? yuan(p.creditFen) : ''),
        },
      ]}
    />
  );
}
