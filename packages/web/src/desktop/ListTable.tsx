import type { UseQueryResult } from '@tanstack/react-query';
import { Space, Table, type TableProps } from 'antd';
import type { HTMLAttributes } from 'react';
import { RetryAlert } from './LoadError.tsx';

type Paged<T> = Pick<TableProps<T>, 'dataSource' | 'loading' | 'pagination'>;

type Props<T> = Omit<TableProps<T>, 'rowKey' | 'size' | 'onRow' | keyof Paged<T>> & {
  /** What useServerTable returned. */
  table: { query: UseQueryResult<unknown>; tableProps: Paged<T> };
  /** The data attributes of a row (its test id, id, …). */
  row: (item: T) => Record<`data-${string}`, string>;
};

/** A list screen's table paged by the server, with the load failure and its retry above it. */
export function ListTable<T extends { id: string }>({ table, row, ...props }: Props<T>) {
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <RetryAlert query={table.query} />
      <Table<T> rowKey="id" size="middle" {...props} {...table.tableProps} onRow={(item) => row(item) as HTMLAttributes<HTMLElement>} />
    </Space>
  );
}
