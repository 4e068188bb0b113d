import type * as admin from '@linli/contracts/admin';
import * as ledger from '@linli/contracts/ledger';
import type * as logistics from '@linli/contracts/logistics';
import { useQuery } from '@tanstack/react-query';
import { Select, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import type { z } from 'zod';
import type { Page } from '../../../common/api.ts';
import { errorText } from '../../../common/i18n.ts';
import { api } from '../api.ts';

export type PartyKind = 'leader' | 'supplier' | 'carrier';
type Leader = z.infer<typeof admin.Leader>;
type Supplier = z.infer<typeof admin.Supplier>;
type Carrier = z.infer<typeof logistics.Carrier>;
export interface Option {
  value: string;
  label: string;
}

/**
 * Every leader, supplier or carrier of the operator by id, to name the parties of accounts,
 * entries and withdrawals in one read per kind (the lists are readable by finance; the single
 * records are not). Leaders and suppliers are read in pages of 200; kept for five minutes.
 */
function directory(kind: PartyKind) {
  return {
    queryKey: ['admin', 'directory', kind],
    staleTime: 5 * 60_000,
    retry: false,
    queryFn: async (): Promise<Map<string, string>> => {
      const names = new Map<string, string>();
      if (kind === 'carrier') {
        for (const c of (await api.get<{ items: Carrier[] }>('admin/carriers')).items) names.set(c.id, c.name);
        return names;
      }
      for (let page = 1; page <= 50; page++) {
        const res = await api.get<Page<Leader | Supplier>>(`admin/${kind}s`, { page, pageSize: 200 });
        for (const p of res.items) names.set(p.id, p.name);
        if (res.items.length < 200 || names.size >= res.total) break;
      }
      return names;
    },
  };
}

/** Options for a party searched by name: leaders and suppliers searched by the server, carriers (a short list) here. */
async function searchParties(kind: PartyKind, search: string): Promise<Option[]> {
  const name = search.trim();
  if (kind === 'leader') {
    const page = await api.get<Page<Leader>>('admin/leaders', { name, pageSize: 20 });
    return page.items.map((l) => ({ value: l.id, label: `${l.name} · ${l.phone.slice(-4)}` }));
  }
  if (kind === 'supplier') {
    const page = await api.get<Page<Supplier>>('admin/suppliers', { name, pageSize: 20 });
    return page.items.map((s) => ({ value: s.id, label: s.name }));
  }
  const list = await api.get<{ items: Carrier[] }>('admin/carriers');
  return list.items.filter((c) => c.name.includes(name)).map((c) => ({ value: c.id, label: c.name }));
}

/**
 * A select searched on the server. Staff whose roles cannot read the list (finance alone may
 * not list products) can still type an ID: it is offered as an option of its own.
 */
export function RemoteSelect({
  queryKey,
  load,
  value,
  onChange,
  placeholder,
  testId,
  width = 260,
  currentLabel,
}: {
  queryKey: unknown[];
  load: (search: string) => Promise<Option[]>;
  /** Given by the caller, or by the Form.Item around it. */
  value?: string | undefined;
  onChange?: (value: string | undefined, label?: string) => void;
  placeholder: string;
  testId?: string;
  width?: number;
  /** The label of the current value when it is not among the options found. */
  currentLabel?: string | undefined;
}) {
  const { t } = useTranslation('finance');
  const [search, setSearch] = useState('');
  const [chosen, setChosen] = useState<Option | null>(null);
  const found = useQuery({ queryKey: [...queryKey, search], queryFn: () => load(search), staleTime: 60_000 });
  const options = [...(found.data ?? [])];
  const typed = search.trim();
  if (typed && !options.some((o) => o.value === typed)) options.push({ value: typed, label: t('useId', { id: typed }) });
  if (value && !options.some((o) => o.value === value))
    options.unshift(chosen?.value === value ? chosen : { value, label: currentLabel ?? value });
  return (
    <Select
      allowClear
      style={{ width }}
      placeholder={placeholder}
      value={value}
      options={options}
      loading={found.isFetching}
      showSearch={{ filterOption: false, onSearch: setSearch }}
      notFoundContent={found.isError ? errorText(t, found.error) : undefined}
      onChange={(v: string | undefined, option) => {
        const o = Array.isArray(option) ? undefined : (option as Option | undefined);
        setChosen(o ?? null);
        onChange?.(v, o?.label);
      }}
      data-testid={testId}
    />
  );
}

/** A searchable select of leaders, suppliers or carriers (statements, account filters). */
export function PartySelect({
  kind,
  value,
  onChange,
}: {
  kind: PartyKind;
  value: string | undefined;
  onChange: (id: string | undefined) => void;
}) {
  const { t } = useTranslation('finance');
  const name = usePartyName(kind, value);
  return (
    <RemoteSelect
      currentLabel={name}
      queryKey={['finance', 'party-search', kind]}
      load={(s) => searchParties(kind, s)}
      value={value}
      onChange={(v) => onChange(v)}
      placeholder={t('partyPlaceholder', { kind: t(`party.${kind}`) })}
      testId="party-select"
    />
  );
}

/** A party's name, once the directory is read (undefined while loading, or when the staff member may not read it). */
export function usePartyName(kind: string, id: string | undefined): string | undefined {
  const known = kind === 'leader' || kind === 'supplier' || kind === 'carrier';
  const names = useQuery({ ...directory(known ? (kind as PartyKind) : 'carrier'), enabled: !!id && known });
  return id && known ? names.data?.get(id) : undefined;
}

/** A party's name (its id while loading, or when the staff member may not read it). */
export function PartyName({ kind, id }: { kind: string; id: string }) {
  const { t } = useTranslation('finance');
  const name = usePartyName(kind, kind === 'operator' ? undefined : id);
  if (kind === 'operator') return <>{t('party.operator')}</>;
  return name ? <span title={id}>{name}</span> : <Typography.Text type="secondary">{id}</Typography.Text>;
}

const journalTypes: readonly string[] = ledger.DocumentType.options;

/** A business document; the ones the journal can be searched by open the journal tab on it. */
export function DocLink({ type, id }: { type: string; id: string }) {
  const { t } = useTranslation('finance');
  const [, setParams] = useSearchParams();
  const label = `${t(`doc.${type}`, { defaultValue: type })} ${id}`;
  if (!journalTypes.includes(type)) return <span>{label}</span>;
  return (
    <Typography.Link onClick={() => setParams({ tab: 'journal', documentType: type, documentId: id })} data-testid="doc-link">
      {label}
    </Typography.Link>
  );
}
