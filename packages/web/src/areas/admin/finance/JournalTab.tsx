import { Button, Empty, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { type HTMLAttributes, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import type { Page } from '../../../common/api.ts';
import { dateTime, shortDateTime, yuan } from '../../../common/format.ts';
import { useServerTable } from '../../../desktop/useServerTable.ts';
import { api } from '../api.ts';
import { EntryAccounts, Postings, ReverseModal, entryAmount } from './JournalEntry.tsx';
import { type JournalFilter, JournalFilters, journalParams, readJournalFilter } from './JournalFilters.tsx';
import { type Entry, canReverse } from './money.ts';
import { DocLink } from './ui.tsx';
import { LoadError } from '../../../desktop/LoadError.tsx';

/**
 * The journal, newest first, filtered and paged by the server: by business or posting days,
 * account, entry kind, party and document. Statement lines, reconciliation differences and
 * balances open it on their document or account; one document's entries show oldest first,
 * their postings open, and may be reversed there.
 */
export function JournalTab() {
  const { t } = useTranslation('finance');
  const [params, setParams] = useSearchParams();
  const filter = readJournalFilter(params);
  const oneDocument = !!filter.documentId;
  const [reversing, setReversing] = useState<Entry | null>(null);
  const [opened, setOpened] = useState<Record<string, boolean>>({});
  const { query, tableProps } = useServerTable<Entry, JournalFilter>('finance-journal', filter, (q) =>
    api.get<Page<Entry>>('admin/finance/entries', q),
  );
  const items = query.data?.items ?? [];
  // one document: its postings open unless closed; the list: closed unless opened
  const isOpen = (id: string) => opened[id] ?? oneDocument;
  const change = (next: JournalFilter) => {
    setOpened({});
    setParams(journalParams(next));
  };

  const columns: ColumnsType<Entry> = [
    {
      title: filter.dateOf === 'recorded' ? t('journal.recordedAt') : t('journal.occurredAt'),
      key: 'at',
      width: 120,
      render: (_, e) => {
        const at = filter.dateOf === 'recorded' ? e.recordedAt : e.occurredAt;
        return (
          <span title={`${t('journal.occurredAt')} ${dateTime(e.occurredAt)}\n${t('journal.recordedAt')} ${dateTime(e.recordedAt)}`}>
            {shortDateTime(at)}
          </span>
        );
      },
    },
    {
      title: t('journal.kind'),
      dataIndex: 'kind',
      width: 150,
      render: (kind: string, e) => (
        <Space size={4} wrap>
          {t(`kind.${kind}`, { defaultValue: kind })}
          {e.reversesEntryId && <Tag color="purple">{t('journal.reversal')}</Tag>}
          {oneDocument && !e.reversesEntryId && !canReverse(e, items) && <Tag>{t('journal.reversed')}</Tag>}
        </Space>
      ),
    },
    {
      title: t('statements.document'),
      key: 'doc',
      width: 260,
      ellipsis: true,
      render: (_, e) => <DocLink type={e.documentType} id={e.documentId} />,
    },
    { title: t('journal.accounts'), key: 'accounts', ellipsis: true, render: (_, e) => <EntryAccounts entry={e} /> },
    { title: t('statements.amount'), key: 'amount', align: 'right', width: 120, render: (_, e) => yuan(entryAmount(e)) },
    { title: t('journal.memo'), dataIndex: 'memo', width: 180, ellipsis: true, render: (v: string) => v || '' },
  ];
  if (oneDocument)
    columns.push({
      key: 'act',
      width: 90,
      render: (_, e) =>
        canReverse(e, items) && (
          <Button size="small" danger onClick={() => setReversing(e)} data-testid="entry-reverse">
            {t('journal.reverse')}
          </Button>
        ),
    });

  return (
    <>
      <JournalFilters filter={filter} onChange={change} />
      {!oneDocument && <Typography.Paragraph type="secondary">{t('journal.hint')}</Typography.Paragraph>}
      {oneDocument && (
        <Typography.Paragraph type="secondary" data-testid="journal-document">
          {t('journal.oneDocument', {
            doc: `${filter.documentType ? t(`doc.${filter.documentType}`) : ''} ${filter.documentId}`.trim(),
          })}{' '}
          <Typography.Link onClick={() => change({ ...filter, documentType: undefined, documentId: undefined })}>
            {t('journal.allEntries')}
          </Typography.Link>
        </Typography.Paragraph>
      )}
      <LoadError query={query} />
      <Table<Entry>
        rowKey="id"
        size="middle"
        columns={columns}
        {...tableProps}
        expandable={{
          expandedRowKeys: items.filter((e) => isOpen(e.id)).map((e) => e.id),
          onExpand: (open, e) => setOpened((o) => ({ ...o, [e.id]: open })),
          expandedRowRender: (e) => <Postings entry={e} />,
        }}
        onRow={() => ({ 'data-testid': 'entry-row' }) as HTMLAttributes<HTMLElement>}
        locale={{ emptyText: <Empty description={oneDocument ? t('journal.none') : t('journal.noneMatch')} /> }}
      />
      {reversing && <ReverseModal entry={reversing} onClose={() => setReversing(null)} />}
    </>
  );
}
