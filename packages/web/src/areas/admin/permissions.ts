import { useQuery } from '@tanstack/react-query';
import type { Principal } from '../../common/session.ts';
import { useSession } from '../../common/useSession.ts';
import { api } from './api.ts';

export type StaffRole = Principal['roles'][number];

/**
 * Who may use each section and action of the desk: each entry copies the roles of the server
 * routes it calls (`requireStaff(...)` in the server's `*.routes.ts`). `admin` may do everything,
 * as on the server, so an empty list means admins only.
 */
export const permissions = {
  // GET admin/dashboard
  'section.dashboard': ['merchandiser', 'purchaser', 'warehouse', 'dispatcher', 'finance', 'support'],
  // admin/products, admin/categories, admin/suppliers/:id
  'section.catalog': ['merchandiser'],
  // admin/campaigns
  'section.campaigns': ['merchandiser'],
  // admin/promotions, …/:id, …/:id/coupons
  'section.promotions': ['merchandiser'],
  // admin/flash-sales, …/:id/cancel, …/:id/reconcile
  'section.flashsales': ['merchandiser'],
  // GET admin/team-deals, …/:id, …/:id/teams
  'section.teambuy': ['merchandiser', 'finance', 'support'],
  // POST admin/team-deals, …/:id/status
  'teambuy.manage': ['merchandiser'],
  // GET admin/leader-performance/levels, …/rules, …/periods, …/periods/export, …/probations
  'section.performance': ['finance', 'support'],
  // PUT admin/leader-performance/levels, PATCH …/settings, POST …/rules, …/rules/:id/active, …/periods/close
  'performance.manage': [],
  // GET admin/recruiting/settings, …/referrals
  'section.recruiting': ['support'],
  // PUT admin/recruiting/settings
  'recruiting.manage': [],
  // GET admin/complaints, POST …/:id/assign, …/:id/resolve (GET admin/leader-feedback-rates also takes merchandiser)
  'section.complaints': ['support'],
  // admin/leaders/:id, admin/leader-applications, admin/leader-transfers (the list alone is open to any staff)
  'section.leaders': ['support'],
  // admin/training/courses, …/lessons, …/sessions, …/attendance, …/progress
  'section.training': ['support'],
  // the union of its tabs below
  'section.purchasing': ['purchaser', 'warehouse', 'merchandiser'],
  // GET admin/purchase-orders
  'purchasing.orders': ['purchaser', 'warehouse'],
  // PATCH admin/purchase-orders/:id/lines, POST …/send, …/cancel, …/phone-confirmation
  'purchasing.changeOrder': ['purchaser'],
  // GET admin/cutoffs
  'purchasing.cutoffs': ['purchaser', 'merchandiser'],
  // GET admin/pick-lists
  'purchasing.picks': ['warehouse', 'purchaser'],
  // GET admin/supplier-scorecards
  'purchasing.scorecards': ['purchaser', 'merchandiser'],
  // GET admin/procurement/settings
  'purchasing.settings': ['purchaser'],
  // PUT admin/procurement/settings
  'purchasing.saveSettings': [],
  // POST admin/purchase-orders/:id/receipts, …/receiving/complete
  'section.warehouse': ['warehouse'],
  // GET admin/sorting
  'section.sorting': ['warehouse', 'dispatcher'],
  // GET admin/routes
  'section.dispatch': ['warehouse', 'dispatcher'],
  // admin/drivers, POST/PATCH admin/warehouses, carriers, vehicle-types
  'dispatch.setup': ['dispatcher'],
  // POST admin/route-plans, admin/unrouted-points/decisions; PATCH/PUT admin/routes/:id (lock, reorder), …/stops/:stopId/move, …/publish, …/cancel
  'dispatch.plan': ['dispatcher'],
  // GET admin/map-settings (the dispatch map draws roads when the provider is OSRM)
  'dispatch.mapSettings': ['dispatcher'],
  // the union of its tabs below
  'section.aftersales': ['support', 'warehouse'],
  // admin/aftersales
  'aftersales.claims': ['support'],
  // GET admin/unpicked
  'aftersales.unpicked': ['warehouse', 'support'],
  // POST admin/unpicked/:id/return
  'aftersales.returnUnpicked': ['warehouse'],
  // GET admin/aftersales-settings
  'aftersales.settings': ['support', 'warehouse'],
  // PATCH admin/aftersales-settings
  'aftersales.saveSettings': [],
  // GET admin/order-desk, …/:id, …/export.xlsx; POST …/:id/redeliver, …/move, …/resend-code
  'section.orders': ['support', 'dispatcher'],
  // POST admin/order-desk/:id/refund; GET admin/order-desk?phone=
  'orders.refund': ['support'],
  // POST admin/personal-data/reveal (kind resident)
  'orders.revealPhone': ['support'],
  // GET admin/notices
  'section.notices': ['support'],
  // GET admin/invites, admin/invite-settings; POST admin/invites/:id/approve, …/reject
  'section.invites': ['support'],
  // PATCH admin/invite-settings
  'invites.saveSettings': [],
  // admin/finance/*
  'section.finance': ['finance'],
  // the union of its tabs below
  'section.points': ['support'],
  // GET admin/residents/:id/points, POST admin/residents/:id/points/adjustments
  'points.residents': ['support'],
  // GET/POST admin/points/offers, PATCH admin/points/offers/:id
  'points.offers': [],
  // GET/PUT admin/points/settings
  'points.rules': [],
  // GET admin/lotteries, …/:id, …/:id/draws, admin/lottery-draws/:id/audit
  'section.lottery': ['merchandiser', 'finance'],
  // POST admin/lotteries, …/:id/status
  'lottery.manage': ['merchandiser'],
  // GET admin/bargain-offers, …/:id, …/:id/bargains
  'section.bargain': ['merchandiser', 'finance'],
  // POST admin/bargain-offers, …/:id/status
  'bargain.manage': ['merchandiser'],
  // GET admin/crm, admin/crm/rules
  'section.crm': ['merchandiser', 'support', 'finance'],
  // POST admin/crm/compute, PUT admin/crm/rules
  'crm.compute': ['merchandiser'],
  // admin/staff (and the admin-only sections: admin/webhooks, admin/payment-settings)
  'section.staff': [],
} satisfies Record<string, StaffRole[]>;

export type Permission = keyof typeof permissions;

/** Whether a staff member with these roles may use the section or action. */
export function allowed(roles: readonly StaffRole[], permission: Permission): boolean {
  const needed: readonly StaffRole[] = permissions[permission];
  return roles.includes('admin') || needed.some((r) => roles.includes(r));
}

/** The logged-in staff member's roles: from the session, refreshed by `auth/me` (roles can change while logged in). */
export function useStaffRoles(): StaffRole[] {
  const session = useSession('admin');
  const me = useQuery({
    queryKey: ['admin', 'auth-me', session?.token],
    queryFn: () => api.get<Principal>('auth/me'),
    enabled: Boolean(session),
    staleTime: 60_000,
  });
  return me.data?.roles ?? session?.principal.roles ?? [];
}

/** `can('purchasing.changeOrder')`: what the logged-in staff member may use. */
export function useCan(): (permission: Permission) => boolean {
  const roles = useStaffRoles();
  return (permission) => allowed(roles, permission);
}
