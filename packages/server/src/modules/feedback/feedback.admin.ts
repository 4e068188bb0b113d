import type { feedback } from '@linli/contracts';
import type { z } from 'zod';
import type { AppContext } from '../../context.ts';
import type { Page } from '../../platform/db/paging.ts';
import { AppError } from '../../platform/errors.ts';
import { type ComplaintFilter, complaintPage, periodOf } from './feedback.queries.ts';
import { leaderComplaintRates } from './leader-rates.report.ts';

type AdminComplaint = z.infer<typeof feedback.AdminComplaint>;

/**
 * The complaints queue as staff see it: each ticket with the rates of its order's leader over the
 * last 30 days, so a complaint against a leader is read beside how often that leader draws them.
 */
export async function adminComplaints(
  ctx: AppContext,
  operatorId: string,
  f: ComplaintFilter & { page: number; pageSize: number },
): Promise<Page<AdminComplaint>> {
  const page = await complaintPage(ctx.db, operatorId, f);
  const { from, to } = await periodOf(ctx.db, operatorId, ctx.clock.now(), {});
  const leaderIds = [...new Set(page.items.map((c) => c.leaderId))];
  const rates = leaderIds.length ? await leaderComplaintRates(ctx.db, operatorId, from, to, leaderIds) : [];
  const byLeader = new Map(rates.map((r) => [r.leaderId, r]));
  return { ...page, items: page.items.map((c) => ({ ...c, leaderRates: byLeader.get(c.leaderId) ?? null })) };
}

/** One complaint as the queue shows it. */
export async function adminComplaint(ctx: AppContext, operatorId: string, id: string): Promise<AdminComplaint> {
  const { items } = await adminComplaints(ctx, operatorId, { ids: [id], page: 1, pageSize: 1 });
  const [c] = items;
  if (!c) throw new AppError('NOT_FOUND', 'complaint not found');
  return c;
}
