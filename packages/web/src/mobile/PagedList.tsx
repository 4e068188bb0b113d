import { useInfiniteQuery } from '@tanstack/react-query';
import { InfiniteScroll } from 'antd-mobile';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Page } from '../common/api.ts';
import { errorText } from '../common/i18n.ts';
import { Spinner } from './Spinner.tsx';
import { StateBlock } from './StateBlock.tsx';

/**
 * A list paged by the server, loading the next page as the user scrolls; the query key must
 * include every filter so a filter change starts over at page 1.
 */
export function PagedList<T>({
  queryKey,
  fetchPage,
  pageSize = 20,
  render,
  itemKey,
  emptyText,
}: {
  queryKey: unknown[];
  fetchPage: (page: number, pageSize: number) => Promise<Page<T>>;
  pageSize?: number;
  render: (item: T) => ReactNode;
  itemKey: (item: T) => string;
  emptyText?: string;
}) {
  const { t } = useTranslation('common');
  const q = useInfiniteQuery({
    queryKey,
    initialPageParam: 1,
    queryFn: ({ pageParam }) => fetchPage(pageParam, pageSize),
    getNextPageParam: (last) => (last.page * last.pageSize < last.total ? last.page + 1 : undefined),
  });
  if (q.isPending) {
    return (
      <div className="ll-center" data-testid="loading">
        <Spinner />
      </div>
    );
  }
  if (q.isError) return <StateBlock status="error" title={errorText(t, q.error)} data-testid="load-error" />;
  const items = q.data.pages.flatMap((p) => p.items);
  if (items.length === 0) return <StateBlock status="empty" title={emptyText ?? t('empty')} data-testid="empty" />;
  return (
    <>
      {items.map((item) => (
        <div key={itemKey(item)}>{render(item)}</div>
      ))}
      <InfiniteScroll hasMore={q.hasNextPage} loadMore={async () => void (await q.fetchNextPage())}>
        {q.hasNextPage ? <Spinner size={20} /> : <span className="ll-muted">{t('noMore')}</span>}
      </InfiniteScroll>
    </>
  );
}
