import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { TablePaginationConfig } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Page } from '../common/api.ts';

/**
 * A table paged and filtered by the server: the filters are part of the query key, and a
 * filter change goes back to page 1. Spread `tableProps` on an antd Table. The page may carry
 * more than its items (P), such as a statement's figures.
 */
export function useServerTable<T, F extends Record<string, unknown>, P extends Page<T> = Page<T>>(
  key: string,
  filters: F,
  fetchPage: (query: F & { page: number; pageSize: number }) => Promise<P>,
  initialPageSize = 20,
  enabled = true,
) {
  const { t } = useTranslation('common');
  const [paging, setPaging] = useState({ page: 1, pageSize: initialPageSize, filterKey: JSON.stringify(filters) });
  const filterKey = JSON.stringify(filters);
  const page = paging.filterKey === filterKey ? paging.page : 1;
  const query = useQuery({
    queryKey: [key, filters, page, paging.pageSize],
    queryFn: () => fetchPage({ ...filters, page, pageSize: paging.pageSize }),
    placeholderData: keepPreviousData,
    enabled,
  });
  const pagination: TablePaginationConfig = {
    current: page,
    pageSize: paging.pageSize,
    total: query.data?.total ?? 0,
    showSizeChanger: true,
    showTotal: (count) => t('total', { count }),
    onChange: (p, size) => setPaging({ page: size !== paging.pageSize ? 1 : p, pageSize: size, filterKey }),
  };
  return {
    query,
    tableProps: {
      dataSource: query.data?.items ?? [],
      loading: query.isFetching,
      pagination,
    },
  };
}
