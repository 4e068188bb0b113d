import type { admin } from '@linli/contracts';
import { TemperatureClass } from '@linli/contracts/common';
import { useQuery } from '@tanstack/react-query';
import { Select, type SelectProps } from 'antd';
import { useEffect, useState } from 'react';
import type { z } from 'zod';
import type { Page, Query } from '../../../common/api.ts';
import { api } from '../api.ts';

export const temperatureClasses = TemperatureClass.options;
export const temperatureColor = { ambient: 'default', chilled: 'cyan', frozen: 'blue' } as const;

type Category = z.infer<typeof admin.Category>;
type Supplier = z.infer<typeof admin.Supplier>;

/** Every item of a paged list, 200 at a time (for small lookups such as categories). */
export async function fetchAll<T>(path: string, query: Query = {}): Promise<T[]> {
  const items: T[] = [];
  for (let page = 1; ; page++) {
    const res = await api.get<Page<T>>(path, { ...query, page, pageSize: 200 });
    items.push(...res.items);
    if (items.length >= res.total || res.items.length === 0) return items;
  }
}

export interface CategoryNode {
  value: string;
  title: string;
  children: CategoryNode[];
}

/** Categories as a tree (by parent, then sort order), for tree selects and the categories tab. */
export function categoryTree(categories: Category[]): CategoryNode[] {
  const sorted = [...categories].sort((a, b) => a.sort - b.sort || a.name.localeCompare(b.name, 'zh-CN'));
  const nodes = new Map(sorted.map((c) => [c.id, { value: c.id, title: c.name, children: [] as CategoryNode[] }]));
  const roots: CategoryNode[] = [];
  for (const c of sorted) {
    const node = nodes.get(c.id)!;
    const parent = c.parentId ? nodes.get(c.parentId) : undefined;
    (parent ? parent.children : roots).push(node);
  }
  return roots;
}

/** All of the operator's categories, with names by id and the tree. */
export function useCategories() {
  const query = useQuery({ queryKey: ['admin-categories', 'all'], queryFn: () => fetchAll<Category>('admin/categories') });
  const list = query.data ?? [];
  return { query, list, byId: new Map(list.map((c) => [c.id, c])), tree: categoryTree(list) };
}

/** A supplier's name by id, fetched once per supplier and cached. */
export function useSupplierName(id: string | undefined) {
  return useQuery({
    queryKey: ['admin-supplier', id],
    queryFn: () => api.get<Supplier>(`admin/suppliers/${id}`),
    enabled: !!id,
    staleTime: 5 * 60_000,
    select: (s) => s.name,
  });
}

/** The value, once it has stopped changing for `ms` (search boxes ask the server after typing pauses). */
export function useDebounced<T>(value: T, ms = 300): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

/** Chooses a supplier by searching names on the server; shows the chosen one's name even when not in the results. */
export function SupplierSelect({ value, onChange, ...props }: SelectProps<string> & { value?: string; onChange?: (v: string) => void }) {
  const [typed, setSearch] = useState('');
  const search = useDebounced(typed.trim());
  const results = useQuery({
    queryKey: ['admin-suppliers', 'options', search],
    queryFn: () => api.get<Page<Supplier>>('admin/suppliers', { name: search || undefined, pageSize: 20 }),
  });
  const current = useSupplierName(value);
  const options = (results.data?.items ?? []).map((s) => ({ value: s.id, label: s.active ? s.name : `${s.name} ✕`, disabled: !s.active }));
  if (value && !options.some((o) => o.value === value)) options.unshift({ value, label: current.data ?? '…', disabled: false });
  return (
    <Select<string>
      showSearch={{ filterOption: false, onSearch: setSearch }}
      value={value}
      onChange={(v) => onChange?.(v)}
      options={options}
      loading={results.isFetching}
      {...props}
    />
  );
}
