import { ErrorBody, IdParams, PageQuery, promotions, shop } from '@linli/contracts';
import { requireKind, requireStaff } from '../../http/auth.ts';
import type { RouteModule } from '../../http/server.ts';
import type { AppContext } from '../../context.ts';
import { residentsSeenByLeader } from '../identity/index.ts';
import { existingLeaderIds } from '../leader/index.ts';
import { promotionResults } from '../ledger/index.ts';
import { ordersByIds, quoteOrder } from '../ordering/index.ts';
import { issueCoupon } from './coupons.service.ts';
import {
  claimableCoupons,
  leaderCouponUses,
  leaderCoupons,
  listPromotions,
  myCoupons,
  type OrderNumbers,
  runningCouponTemplates,
} from './promotions.queries.ts';
import { createPromotion, toPromotionDto, updatePromotion } from './promotions.service.ts';
import { offerKind } from './promotions.plays.ts';
import { AppError } from '../../platform/errors.ts';

/** The operator's order numbers by id, for the coupons that name an order (ordering owns the orders). */
const orderNumbersOf =
  (ctx: AppContext, operatorId: string): OrderNumbers =>
  async (ids) =>
    new Map([...(await ordersByIds(ctx.db, operatorId, ids))].map(([id, o]) => [id, o.order_no]));

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody, 422: ErrorBody };

/** Promotions: staff run them, residents claim and use coupons (the quote shows the best), leaders share them. */
export const promotionRoutes: RouteModule = (app, ctx) => {
  // --- staff
  app.get(
    '/api/v1/admin/promotions',
    {
      schema: {
        tags: ['admin'],
        summary: 'Promotions with their results (coupons, orders, new residents, cost in the ledger, ROI)',
        querystring: promotions.PromotionListQuery,
        response: { 200: promotions.PromotionPage, ...errors },
      },
    },
    async (req) => {
      const me = await requireStaff(ctx, req, 'merchandiser', 'finance');
      const page = await listPromotions(ctx.db, me.operatorId, req.query);
      const results = await promotionResults(
        ctx.db,
        me.operatorId,
        page.items.map((p) => p.id),
      );
      return {
        ...page,
        items: page.items.map((p) => ({ ...toPromotionDto(p), results: results.get(p.id) as NonNullable<ReturnType<typeof results.get>> })),
      };
    },
  );
  app.get(
    '/api/v1/admin/coupon-templates',
    {
      schema: {
        tags: ['admin'],
        summary: 'The running coupon templates, to give a coupon of (an after-sales compensation)',
        response: { 200: promotions.CouponTemplateOptions, ...errors },
      },
    },
    async (req) => {
      const me = await requireStaff(ctx, req, 'merchandiser', 'support');
      return { items: await runningCouponTemplates(ctx.db, me.operatorId, ctx.clock.now()) };
    },
  );
  app.post(
    '/api/v1/admin/promotions',
    {
      schema: {
        tags: ['admin'],
        summary: 'Create a promotion or coupon template',
        body: promotions.CreatePromotion,
        response: { 201: promotions.Promotion, ...errors },
      },
    },
    async (req, reply) => {
      const me = await requireStaff(ctx, req, 'merchandiser');
      return reply.status(201).send(toPromotionDto(await createPromotion(ctx, me.operatorId, me.id, req.body)));
    },
  );
  app.patch(
    '/api/v1/admin/promotions/:id',
    {
      schema: {
        tags: ['admin'],
        summary: 'Pause, resume or end a promotion; change its name, end, budget, limit',
        params: IdParams,
        body: promotions.UpdatePromotion,
        response: { 200: promotions.Promotion, ...errors },
      },
    },
    async (req) => {
      const me = await requireStaff(ctx, req, 'merchandiser');
      return toPromotionDto(await updatePromotion(ctx, me.operatorId, req.params.id, req.body));
    },
  );
  app.post(
    '/api/v1/admin/promotions/:id/coupons',
    {
      schema: {
        tags: ['admin'],
        summary: 'Hand coupons of a template to residents (each counted against its limits; each refusal says why)',
        params: IdParams,
        body: promotions.IssueCoupons,
        response: { 200: promotions.IssueOutcome, ...errors },
      },
    },
    async (req) => {
      const me = await requireStaff(ctx, req, 'merchandiser', 'support');
      const now = ctx.clock.now();
      const known = await residentsSeenByLeader(ctx.db, me.operatorId, req.body.residentIds);
      const outcome: {
        issued: Array<{ residentId: string; couponId: string }>;
        refused: Array<{ residentId: string; code: string; message: string }>;
      } = {
        issued: [],
        refused: [],
      };
      for (const residentId of [...new Set(req.body.residentIds)]) {
        if (!known.has(residentId)) {
          outcome.refused.push({ residentId, code: 'NOT_FOUND', message: 'resident not found' });
          continue;
        }
        try {
          const c = await ctx.db
            .transaction()
            .execute((trx) =>
              issueCoupon(trx, now, { operatorId: me.operatorId, templateId: req.params.id, residentId, source: req.body.source }),
            );
          outcome.issued.push({ residentId, couponId: c.couponId });
        } catch (err) {
          if (!(err instanceof AppError) || err.code === 'NOT_FOUND') throw err;
          outcome.refused.push({ residentId, code: err.code, message: err.message });
        }
      }
      return outcome;
    },
  );

  // --- residents
  app.get(
    '/api/v1/shop/coupons',
    {
      schema: {
        tags: ['shop'],
        summary: 'My coupons, soonest to expire first',
        querystring: promotions.CouponListQuery,
        response: { 200: promotions.CouponPage, ...errors },
      },
    },
    async (req) => {
      const me = await requireKind(ctx, req, 'resident');
      return myCoupons(ctx.db, me.operatorId, me.id, ctx.clock.now(), req.query, orderNumbersOf(ctx, me.operatorId));
    },
  );
  app.get(
    '/api/v1/shop/coupons/claimable',
    { schema: { tags: ['shop'], summary: 'Coupons I may claim (领券)', response: { 200: promotions.ClaimableList, ...errors } } },
    async (req) => {
      const me = await requireKind(ctx, req, 'resident');
      return { items: await claimableCoupons(ctx.db, me.operatorId, me.id, ctx.clock.now()) };
    },
  );
  app.post(
    '/api/v1/shop/coupons/:id/claim',
    {
      schema: {
        tags: ['shop'],
        summary: 'Claim a coupon of a claimable template (from the 领券 page or a leader’s share link)',
        params: IdParams,
        body: promotions.ClaimCoupon,
        response: { 201: promotions.ClaimedCoupon, ...errors },
      },
    },
    async (req, reply) => {
      const me = await requireKind(ctx, req, 'resident');
      const leaderId = req.body.leaderId;
      // A link naming another operator's or an unknown leader still claims; it credits no one.
      const sharedBy = leaderId && (await existingLeaderIds(ctx.db, me.operatorId, [leaderId])).has(leaderId) ? leaderId : null;
      const now = ctx.clock.now();
      // Any claimable template (as listed to anyone): issuing checks this resident's limits and segment, with a reason.
      const claimable = await claimableCoupons(ctx.db, me.operatorId, null, now);
      if (!claimable.some((c) => c.promotionId === req.params.id)) {
        throw new AppError('NOT_FOUND', 'no coupon to claim here');
      }
      const c = await ctx.db.transaction().execute((trx) =>
        issueCoupon(trx, now, {
          operatorId: me.operatorId,
          templateId: req.params.id,
          residentId: me.id,
          source: 'claim',
          sharedByLeaderId: sharedBy,
        }),
      );
      return reply.status(201).send({ couponId: c.couponId, validUntil: c.validUntil.toISOString() });
    },
  );
  app.post(
    '/api/v1/shop/orders/quote',
    {
      schema: {
        tags: ['shop'],
        summary: 'What an order would cost: the best promotions (or the coupon named), and why others do not apply',
        body: shop.PlaceOrder,
        response: { 200: promotions.Quote, ...errors },
      },
    },
    async (req) => {
      const me = await requireKind(ctx, req, 'resident');
      const { priced, promotions: choice } = await quoteOrder(ctx, me, req.body);
      const names = new Map([...choice.automatic, ...choice.coupons].map((o) => [o.terms.id, o.terms.name]));
      const coupons = await myCoupons(
        ctx.db,
        me.operatorId,
        me.id,
        ctx.clock.now(),
        { page: 1, pageSize: 100, status: ['available'] },
        orderNumbersOf(ctx, me.operatorId),
      );
      const listFen = priced.lines.reduce((sum, l) => sum + l.unitPriceFen * l.quantity, 0);
      return {
        lines: priced.lines.map((l) => ({
          campaignLineId: l.campaignLineId,
          quantity: l.quantity,
          unitPriceFen: l.unitPriceFen,
          discountFen: l.unitPriceFen * l.quantity - l.amountFen,
          amountFen: l.amountFen,
        })),
        listFen,
        discountFen: listFen - priced.totalFen,
        totalFen: priced.totalFen,
        applied: choice.discounts.map((d) => ({ promotionId: d.promotionId, couponId: d.couponId, name: d.name, amountFen: d.amountFen })),
        couponId: choice.discounts.find((d) => d.couponId !== null)?.couponId ?? null,
        notApplied: choice.notApplied.map((n) => ({ ...n, name: names.get(n.promotionId) ?? '' })),
        coupons: coupons.items,
      };
    },
  );

  // --- leaders
  app.get(
    '/api/v1/leader/coupons',
    {
      schema: {
        tags: ['leader'],
        summary: 'Coupons to share into my group, with what my links brought',
        response: { 200: promotions.LeaderCouponList, ...errors },
      },
    },
    async (req) => {
      const me = await requireKind(ctx, req, 'leader');
      const rows = await leaderCoupons(ctx.db, me.operatorId, me.id, ctx.clock.now());
      return {
        items: rows.map((r) => ({
          promotionId: r.id,
          name: r.name,
          discountKind: offerKind(r.discount_kind),
          amountOffFen: r.amount_off_fen,
          percentOff: r.percent_off,
          maxOffFen: r.max_off_fen,
          thresholdFen: r.threshold_fen,
          newcomerOnly: r.newcomer_only,
          endsAt: r.ends_at.toISOString(),
          sharePath: `/shop/coupons/claim/${encodeURIComponent(r.id)}?leader=${encodeURIComponent(me.id)}`,
          claimedViaMe: Number(r.claimed ?? 0),
          usedViaMe: Number(r.used ?? 0),
        })),
      };
    },
  );
  app.get(
    '/api/v1/leader/coupons/uses',
    {
      schema: {
        tags: ['leader'],
        summary: 'Which members claimed and used coupons from my links',
        querystring: PageQuery,
        response: { 200: promotions.LeaderCouponUsePage, ...errors },
      },
    },
    async (req) => {
      const me = await requireKind(ctx, req, 'leader');
      const page = await leaderCouponUses(ctx.db, me.operatorId, me.id, req.query);
      const residents = await residentsSeenByLeader(
        ctx.db,
        me.operatorId,
        page.items.map((c) => c.resident_id),
      );
      return {
        ...page,
        items: page.items.map((c) => ({
          couponId: c.id,
          promotionName: c.name,
          residentName: residents.get(c.resident_id)?.name ?? '',
          residentPhone: residents.get(c.resident_id)?.phone ?? '',
          status: c.status,
          claimedAt: c.issued_at.toISOString(),
          usedAt: c.used_at ? c.used_at.toISOString() : null,
        })),
      };
    },
  );
};
