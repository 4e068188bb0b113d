import type * as admin from '@linli/contracts/admin';
import type * as orders from '@linli/contracts/orders';
import { useQuery } from '@tanstack/react-query';
import type { Page } from '../../../common/api.ts';
import { api } from '../api.ts';

/** What the search box looked for: one of the desk's keys. */
export type SearchKey = { orderNo?: string; phone?: string; pickupCode?: string };

/**
 * Reads the search box: an 11-digit mainland mobile number is a phone, 6 digits a pickup code,
 * other digits (6 to 20) an order number; anything else is not a search the desk understands.
 */
export function searchKey(text: string): SearchKey | null {
  const v = text.replace(/\s+/g, '');
  if (/^1[3-9][0-9]{9}$/.test(v)) return { phone: v };
  if (/^[0-9]{6}$/.test(v)) return { pickupCode: v };
  if (/^[0-9]{7,20}$/.test(v)) return { orderNo: v };
  return null;
}

export const statusColor: Record<orders.DeskOrder['status'], string> = {
  pending_payment: 'default',
  paid: 'blue',
  allocated: 'cyan',
  delivered: 'geekblue',
  picked_up: 'green',
  cancelled: 'default',
  expired: 'default',
  refunded: 'orange',
};

/** The operator's pickup points (first 200 by the server's order), for choosing where an order moves. */
export function usePickupPoints() {
  return useQuery({
    queryKey: ['admin', 'pickup-points', 'order-desk'],
    staleTime: 5 * 60_000,
    queryFn: async () => (await api.get<Page<admin.PickupPoint>>('admin/pickup-points', { page: 1, pageSize: 200 })).items,
  });
}
