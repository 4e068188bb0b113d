import type { UseQueryResult } from '@tanstack/react-query';
import { Button } from 'antd-mobile';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '../common/i18n.ts';
import { Spinner } from './Spinner.tsx';
import { StateBlock } from './StateBlock.tsx';

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
        <Spinner />
      </div>
    );
  }
  if (query.isError) {
    return (
      <StateBlock status="error" title={errorText(t, query.error)} data-testid="load-error">
        <Button size="small" color="primary" onClick={() => void query.refetch()}>
          {t('retry')}
        </Button>
      </StateBlock>
    );
  }
  if (isEmpty?.(query.data)) return <StateBlock status="empty" title={emptyText ?? t('empty')} data-testid="empty" />;
  return <>{children(query.data)}</>;
}
