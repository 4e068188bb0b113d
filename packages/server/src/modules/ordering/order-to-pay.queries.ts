import { sql } from 'kysely';
import type { Principal } from '../identity/index.ts';
import type { OrderToPay } from '../payment/index.ts';

/**
 * A resident's order as payment reads it while starting to pay: locked in payment's one
 * statement that reuses or opens its payment, and its state after an instant payment. Only the
 * resident's own order of their operator is found.
 */
export function orderToPay(resident: Principal, orderId: string): OrderToPay {
  return {
    orderId,
    operatorId: resident.operatorId,
    locked: sql`
      select id, operator_id, status, total_fen, expires_at, order_no from orders
      where id = ${orderId} and operator_id = ${resident.operatorId} and resident_id = ${resident.id}
      for no key update`,
    status: sql`select status from orders where id = ${orderId}`,
  };
}
