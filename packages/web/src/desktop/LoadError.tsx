import type { UseQueryResult } from '@tanstack/react-query';
import { Alert, Button } from 'antd';
import { useTranslation } from 'react-i18next';
import { errorText } from '../common/i18n.ts';

type Props = { query: UseQueryResult<unknown> };

/**
 * A failed load in a section's tab or drawer: the server's reason and a small retry, with a gap
 * below and the test id `load-error`. Nothing while the query has not failed.
 */
export function LoadError({ query }: Props) {
  const { t } = useTranslation('common');
  if (!query.isError) return null;
  return (
    <Alert
      type="error"
      showIcon
      data-testid="load-error"
      title={errorText(t, query.error)}
      action={
        <Button size="small" onClick={() => void query.refetch()}>
          {t('retry')}
        </Button>
      }
      style={{ marginBottom: 12 }}
    />
  );
}

/**
 * A failed load in place of a page or a list's content (inside a spaced column, so no margin of
 * its own): the server's reason and a retry. Nothing while the query has not failed.
 */
export function RetryAlert({ query }: Props) {
  const { t } = useTranslation('common');
  if (!query.isError) return null;
  return (
    <Alert
      type="error"
      showIcon
      title={errorText(t, query.error)}
      action={<Button onClick={() => void query.refetch()}>{t('retry')}</Button>}
    />
  );
}
