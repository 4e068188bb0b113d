import type { UseQueryResult } from '@tanstack/react-query';
import { Button, ErrorBlock, SpinLoading } from 'antd-mobile';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '../common/i18n.ts';

/** Loading, failure (with retry) and empty states around a query's content. */
export function QueryState<T>({
  query,
  isEmpty,
  emptyText,
  children,
}: {
  query: UseQueryResult<T>;
  isEmpty?: (data: T) => boolean;
  emptyText?: string;
  children: (data: T) => ReactNode;
}) {
  const { t } = useTranslation('common');
  if (query.isPending) {
    return (
      <div className="ll-center" data-testid="loading">
        <SpinLoading color="primary" />
      </div>
    );
  }
  if (query.isError) {
    return (
      <ErrorBlock status="default" title={errorText(t, query.error)} description="" data-testid="load-error">
        <Button size="small" color="primary" onClick={() => void query.refetch()}>
          {t('retry')}
        </Button>
      </ErrorBlock>
    );
  }
  if (isEmpty?.(query.data)) return <ErrorBlock status="empty" title={emptyText ?? t('empty')} description="" data-testid="empty" />;
  return <>{children(query.data)}</>;
}
