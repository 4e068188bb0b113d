import { ErrorBody, IdParams, admin, leader } from '@linli/contracts';
import { requireAnyStaff, requireKind, requireStaff } from '../../http/auth.ts';
import type { RouteModule } from '../../http/server.ts';
import type { Executor } from '../../platform/db/database.ts';
import { assignableWarehouse, pointsOfWarehouse } from '../logistics/index.ts';
import { countOrdersToServe, forgetPickupPoints } from '../ordering/index.ts';
import { holdNewLeaderPoint } from '../training/index.ts';
import {
  createLeader,
  createPickupPoint,
  getLeader,
  leaderProfile,
  listLeaders,
  listPickupPoints,
  updateLeader,
  updatePickupPoint,
  type LeaderWithPoints,
  type WarehouseRules,
} from './leader.service.ts';

/** Logistics' answers about warehouses, for the pickup point screens. */
const warehouses: WarehouseRules = { assignable: assignableWarehouse, pointsOf: pointsOfWarehouse };

/** A leader with the orders still to serve at their points (ordering counts them). */
async function withOrdersToServe(db: Executor, operatorId: string, leader: LeaderWithPoints): Promise<admin.LeaderWithPickupPoints> {
  const ordersToServe = await countOrdersToServe(
    db,
    operatorId,
    leader.pickupPoints.map((p) => p.id),
  );
  return { ...leader, ordersToServe };
}

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };

/** Leaders (团长) and their pickup points: managed by admins and support staff; a leader sees their own. */
export const leaderRoutes: RouteModule = (app, ctx) => {
  const tags = ['admin'];
  const support = async (req: Parameters<typeof requireStaff>[1]) => (await requireStaff(ctx, req, 'support')).operatorId;
  /** Finance reads the lists too, to name the parties of its accounts and statements. */
  const reader = async (req: Parameters<typeof requireStaff>[1]) => (await requireAnyStaff(ctx, req)).operatorId;

  app.get(
    '/api/v1/admin/leaders',
    { schema: { tags, summary: 'List leaders', querystring: admin.LeaderListQuery, response: { 200: admin.LeaderPage, ...errors } } },
    async (req) => listLeaders(ctx.db, await reader(req), req.query),
  );
  app.get(
    '/api/v1/admin/leaders/:id',
    {
      schema: {
        tags,
        summary: 'One leader with their pickup points and the orders still to serve there',
        params: IdParams,
        response: { 200: admin.LeaderWithPickupPoints, ...errors },
      },
    },
    async (req) => {
      const operatorId = await support(req);
      return withOrdersToServe(ctx.db, operatorId, await getLeader(ctx.db, operatorId, req.params.id));
    },
  );
  app.post(
    '/api/v1/admin/leaders',
    {
      schema: {
        tags,
        summary: 'Register a leader (their phone is their login)',
        body: admin.CreateLeader,
        response: { 201: admin.Leader, ...errors },
      },
    },
    async (req, reply) => reply.status(201).send(await createLeader(ctx, await support(req), req.body)),
  );
  app.patch(
    '/api/v1/admin/leaders/:id',
    {
      schema: {
        tags,
        summary: 'Rename, re-level, suspend or reinstate a leader (suspending closes their points to new orders)',
        params: IdParams,
        body: admin.UpdateLeader,
        response: { 200: admin.LeaderWithPickupPoints, ...errors },
      },
    },
    async (req) => {
      const operatorId = await support(req);
      const leader = await updateLeader(ctx, operatorId, req.params.id, req.body);
      // A suspended leader's points close to new orders at once in this process.
      if (req.body.status !== undefined) forgetPickupPoints();
      return withOrdersToServe(ctx.db, operatorId, leader);
    },
  );
  app.post(
    '/api/v1/admin/leaders/:id/pickup-points',
    {
      schema: {
        tags,
        summary: "Open a pickup point for a leader (a new leader's first point stays closed until their required training is done)",
        params: IdParams,
        body: admin.CreatePickupPoint,
        response: { 201: admin.PickupPoint, ...errors },
      },
    },
    async (req, reply) => {
      const operatorId = await support(req);
      const point = await ctx.db.transaction().execute(async (trx) => {
        const created = await createPickupPoint({ ...ctx, db: trx }, operatorId, req.params.id, req.body, warehouses);
        // A new leader's first point waits for their required training, as an approved applicant's does.
        const held = await holdNewLeaderPoint(trx, ctx.clock.now(), operatorId, req.params.id, created.id);
        return held ? { ...created, status: 'closed' as const } : created;
      });
      return reply.status(201).send(point);
    },
  );
  app.get(
    '/api/v1/admin/pickup-points',
    {
      schema: {
        tags,
        summary: 'List pickup points',
        querystring: admin.PickupPointListQuery,
        response: { 200: admin.PickupPointPage, ...errors },
      },
    },
    async (req) => listPickupPoints(ctx.db, await reader(req), req.query, warehouses),
  );
  app.patch(
    '/api/v1/admin/pickup-points/:id',
    {
      schema: {
        tags,
        summary: 'Edit, close or reopen a pickup point',
        params: IdParams,
        body: admin.UpdatePickupPoint,
        response: { 200: admin.PickupPoint, ...errors },
      },
    },
    async (req) => updatePickupPoint(ctx, await support(req), req.params.id, req.body, warehouses),
  );

  app.get(
    '/api/v1/leader/me',
    {
      schema: {
        tags: ['leader'],
        summary: 'My leader profile and pickup points',
        response: { 200: leader.LeaderProfile, 401: ErrorBody, 403: ErrorBody },
      },
    },
    async (req) => {
      const me = await requireKind(ctx, req, 'leader');
      return leaderProfile(ctx.db, me.operatorId, me.id);
    },
  );
};
