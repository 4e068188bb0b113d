import * as ledger from '@linli/contracts/ledger';
import { Button, DatePicker, Input, Segmented, Select, Space } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type LedgerParty, accountCodes, codesOf, entryKinds } from './chart.ts';
import { type PartyKind, PartySelect } from './ui.tsx';

type DocumentType = (typeof ledger.DocumentType.options)[number];
const fields = ['documentType', 'documentId', 'from', 'to', 'dateOf', 'code', 'kind', 'partyKind', 'partyId'] as const;
type Field = (typeof fields)[number];

/** The journal's filters as the URL keeps them (and as GET admin/finance/entries takes them). */
export type JournalFilter = {
  documentType?: DocumentType | undefined;
  documentId?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  dateOf?: 'occurred' | 'recorded' | undefined;
  code?: string | undefined;
  kind?: string | undefined;
  partyKind?: LedgerParty | undefined;
  partyId?: string | undefined;
};

/** The filters of the URL, each checked with the contract and the chart (one that does not pass is left out). */
export function readJournalFilter(params: URLSearchParams): JournalFilter {
  const out: Record<string, unknown> = {};
  for (const f of fields) {
    const raw = params.get(f);
    if (!raw) continue;
    const parsed = ledger.JournalQuery.shape[f].safeParse(raw);
    if (parsed.success && parsed.data !== undefined) out[f] = parsed.data;
  }
  if (out.dateOf === 'occurred') delete out.dateOf;
  // accounts and kinds the chart does not have would only ever find nothing
  if (typeof out.code === 'string' && !(out.code in accountCodes)) delete out.code;
  if (typeof out.kind === 'string' && !(entryKinds as readonly string[]).includes(out.kind)) delete out.kind;
  return out as JournalFilter;
}

/** The URL of the journal tab with these filters (empty ones left out). */
export function journalParams(filter: JournalFilter): Record<string, string> {
  const out: Record<string, string> = { tab: 'journal' };
  for (const f of fields) {
    const v = filter[f as Field];
    if (v) out[f] = v;
  }
  return out;
}

/**
 * The journal's filter bar: business (or posting) days, account, entry kind, party and document.
 * Looking up a document replaces the other filters, so that all its entries show.
 */
export function JournalFilters({ filter, onChange }: { filter: JournalFilter; onChange: (next: JournalFilter) => void }) {
  const { t } = useTranslation('finance');
  const [docId, setDocId] = useState(filter.documentId ?? '');
  const [shownId, setShownId] = useState(filter.documentId);
  if (shownId !== filter.documentId) {
    // the document changed from outside (a link, a reset): show it in the box
    setShownId(filter.documentId);
    setDocId(filter.documentId ?? '');
  }
  const set = (patch: JournalFilter) => onChange({ ...filter, ...patch });
  const find = () => {
    const id = docId.trim();
    onChange(id ? { documentType: filter.documentType, documentId: id } : { ...filter, documentId: undefined });
  };
  const partyKind = filter.partyKind;
  return (
    <Space wrap style={{ marginBottom: 12 }}>
      <DatePicker.RangePicker
        value={filter.from && filter.to ? [dayjs(filter.from), dayjs(filter.to)] : null}
        placeholder={[t('statements.from'), t('statements.to')]}
        onChange={(r) => set({ from: r?.[0]?.format('YYYY-MM-DD'), to: r?.[1]?.format('YYYY-MM-DD') })}
        data-testid="journal-range"
      />
      <Segmented<'occurred' | 'recorded'>
        value={filter.dateOf ?? 'occurred'}
        options={[
          { value: 'occurred', label: t('journal.dateOf.occurred') },
          { value: 'recorded', label: t('journal.dateOf.recorded') },
        ]}
        onChange={(v) => set({ dateOf: v === 'recorded' ? v : undefined })}
        data-testid="journal-date-of"
      />
      <Select
        allowClear
        showSearch={{ optionFilterProp: 'label' }}
        style={{ width: 180 }}
        placeholder={t('journal.account')}
        value={filter.code}
        options={codesOf(partyKind).map((c) => ({ value: c, label: t(`account.${c}`) }))}
        onChange={(code: string | undefined) => set({ code })}
        data-testid="journal-code"
      />
      <Select
        allowClear
        style={{ width: 140 }}
        placeholder={t('journal.kind')}
        value={filter.kind}
        options={entryKinds.map((k) => ({ value: k, label: t(`kind.${k}`) }))}
        onChange={(kind: string | undefined) => set({ kind })}
        data-testid="journal-kind"
      />
      <Space.Compact>
        <Select<LedgerParty>
          allowClear
          style={{ width: 110 }}
          placeholder={t('accounts.party')}
          value={partyKind}
          options={ledger.PartyKind.options.map((k) => ({ value: k, label: t(`party.${k}`) }))}
          onChange={(k) =>
            set({ partyKind: k, partyId: undefined, code: filter.code && codesOf(k).includes(filter.code) ? filter.code : undefined })
          }
          data-testid="journal-party-kind"
        />
        {partyKind && partyKind !== 'operator' && (
          <PartySelect key={partyKind} kind={partyKind as PartyKind} value={filter.partyId} onChange={(partyId) => set({ partyId })} />
        )}
      </Space.Compact>
      <Space.Compact>
        <Select<DocumentType>
          allowClear
          style={{ width: 140 }}
          placeholder={t('journal.documentType')}
          value={filter.documentType}
          options={ledger.DocumentType.options.map((d) => ({ value: d, label: t(`doc.${d}`) }))}
          onChange={(documentType) => set({ documentType })}
          data-testid="journal-doc-type"
        />
        <Input
          allowClear
          style={{ width: 240 }}
          placeholder={t('journal.documentId')}
          value={docId}
          onChange={(e) => {
            setDocId(e.target.value);
            if (!e.target.value && filter.documentId) set({ documentId: undefined });
          }}
          onPressEnter={find}
          data-testid="journal-doc-id"
        />
        <Button type="primary" onClick={find} data-testid="journal-find">
          {t('journal.find')}
        </Button>
      </Space.Compact>
      <Button onClick={() => onChange({})} data-testid="journal-reset">
        {t('common:reset')}
      </Button>
    </Space>
  );
}
