import type { OrderStatus } from '../api.ts';

/** Tag colours of order states (antd-mobile Tag colours). */
export const statusColor: Record<OrderStatus, string> = {
  pending_payment: 'warning',
  paid: 'primary',
  allocated: 'primary',
  delivered: 'success',
  picked_up: 'default',
  cancelled: 'default',
  expired: 'default',
  refunded: 'danger',
};

/** The states a leader filters orders by. */
export const statusFilters: OrderStatus[] = ['paid', 'allocated', 'delivered', 'picked_up', 'refunded', 'cancelled'];
