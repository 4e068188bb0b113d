import * as flashsale from '@linli/contracts/flashsale';
import { useQuery } from '@tanstack/react-query';
import { api } from '../api.ts';

export const flashSalesKey = ['shop', 'flash-sales'] as const;

/** Today's flash-sale sessions, with the server's clock offset so a countdown is the server's. */
export function useFlashSales(refetchInterval?: number) {
  return useQuery({
    queryKey: flashSalesKey,
    queryFn: async () => {
      const list = flashsale.FlashSaleList.parse(await api.get('shop/flash-sales'));
      return { items: list.items, offsetMs: new Date(list.serverTime).getTime() - Date.now() };
    },
    ...(refetchInterval ? { refetchInterval } : {}),
  });
}
