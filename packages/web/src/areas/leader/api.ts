import type * as aftersales from '@linli/contracts/aftersales';
import type * as leader from '@linli/contracts/leader';
import type * as ledger from '@linli/contracts/ledger';
import type * as logistics from '@linli/contracts/logistics';
import type * as shop from '@linli/contracts/shop';
import type * as web from '@linli/contracts/web';
import { useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import { createApi } from '../../common/api.ts';

/** The leader area's API client (leader session). */
export const api = createApi('leader');

export type Profile = z.infer<typeof leader.LeaderProfile>;
export type PickupPoint = z.infer<typeof leader.MyPickupPoint>;
export type Summary = z.infer<typeof web.LeaderSummary>;
export type Campaign = z.infer<typeof web.LeaderCampaign>;
export type CampaignLine = z.infer<typeof web.LeaderCampaignLine>;
export type Member = z.infer<typeof web.LeaderMember>;
/** An order at my pickup points, with the resident's name and masked phone. */
export type LeaderOrder = z.infer<typeof web.LeaderOrder>;
export type OrderStatus = z.infer<typeof shop.OrderStatus>;
export type Delivery = z.infer<typeof logistics.LeaderDelivery>;
export type Handover = z.infer<typeof logistics.Handover>;
export type PickupOrder = z.infer<typeof aftersales.PickupOrder>;
export type PickupVerified = z.infer<typeof aftersales.PickupVerified>;
export type Unpicked = z.infer<typeof aftersales.UnpickedOrder>;
export type UnpickedStatus = z.infer<typeof aftersales.UnpickedStatus>;
export type Claim = z.infer<typeof aftersales.AftersaleCase>;
export type ClaimStatus = z.infer<typeof aftersales.CaseStatus>;
export type Statement = z.infer<typeof ledger.LeaderStatement>;
export type StatementLine = z.infer<typeof ledger.StatementLine>;
export type Withdrawal = z.infer<typeof ledger.Withdrawal>;

/** My profile and pickup points: they change rarely. */
export function useMe() {
  return useQuery({ queryKey: ['leader', 'me'], queryFn: () => api.get<Profile>('leader/me'), staleTime: 5 * 60_000 });
}

/** Today's sales and my commission balances. */
export function useSummary() {
  return useQuery({ queryKey: ['leader', 'summary'], queryFn: () => api.get<Summary>('leader/summary'), refetchInterval: 60_000 });
}

/** The campaigns I sell now and those that closed earlier today. */
export function useCampaigns() {
  return useQuery({
    queryKey: ['leader', 'campaigns'],
    queryFn: async () => (await api.get<{ items: Campaign[] }>('leader/campaigns')).items,
  });
}
