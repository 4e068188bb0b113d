import type { Timestamp } from './schema.ts';

/** Table types of the orders desk (migration 0016). */

/** A missing line sent again with the delivery of a later date to the order's pickup point. */
export interface OrderRedeliveriesTable {
  id: string;
  operator_id: string;
  order_id: string;
  order_line_id: string;
  pickup_point_id: string;
  delivery_date: string;
  quantity: number;
  reason: string;
  created_by: string;
  created_at: Timestamp;
}

/** What staff did to an order at the desk that no other table records. */
export interface OrderDeskLogTable {
  id: string;
  operator_id: string;
  order_id: string;
  staff_id: string;
  action: 'moved' | 'code_resent';
  note: string;
  created_at: Timestamp;
}

export interface OrderDeskTables {
  order_redeliveries: OrderRedeliveriesTable;
  order_desk_log: OrderDeskLogTable;
}
