import * as teambuy from '@linli/contracts/teambuy';
import type { z } from 'zod';
import { api } from '../api.ts';
import type { PaymentIntent } from '../types.ts';

export type ShopTeamDeal = z.infer<typeof teambuy.ShopTeamDeal>;
export type ShopTeam = z.infer<typeof teambuy.ShopTeam>;
export type Team = z.infer<typeof teambuy.Team>;
export type MyTeamOrder = z.infer<typeof teambuy.MyTeamOrder>;
export type TeamOrderPlaced = z.infer<typeof teambuy.TeamOrderPlaced>;

export const teamKeys = {
  deals: ['shop', 'team-deals'] as const,
  deal: (id: string) => ['shop', 'team-deals', id] as const,
  team: (id: string) => ['shop', 'teams', id] as const,
  mine: ['shop', 'my-teams'] as const,
};

/** The team buy's answers, checked against the contracts before a screen shows them. */
export const teamApi = {
  deals: async () => teambuy.ShopTeamDealList.parse(await api.get('shop/team-deals')).items,
  deal: async (id: string) => teambuy.ShopTeamDeal.parse(await api.get(`shop/team-deals/${encodeURIComponent(id)}`)),
  team: async (id: string) => teambuy.ShopTeam.parse(await api.get(`shop/teams/${encodeURIComponent(id)}`)),
  mine: async () => teambuy.MyTeamOrders.parse(await api.get('shop/my-teams')).items,
  open: async (dealId: string, leaderId: string | null, key: string) =>
    teambuy.TeamOrderPlaced.parse(
      await api.post(`shop/team-deals/${encodeURIComponent(dealId)}/teams`, leaderId ? { leaderId } : {}, { 'idempotency-key': key }),
    ),
  join: async (teamId: string, leaderId: string | null, key: string) =>
    teambuy.TeamOrderPlaced.parse(
      await api.post(`shop/teams/${encodeURIComponent(teamId)}/join`, leaderId ? { leaderId } : {}, { 'idempotency-key': key }),
    ),
  /** Starts paying a team order, as any order (the answer carries the wallet's request). */
  payment: (orderId: string) => api.post<PaymentIntent>(`shop/orders/${encodeURIComponent(orderId)}/payments`, {}),
};
