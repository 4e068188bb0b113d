import { ErrorBody, IdParams, leaderTransfer } from '@linli/contracts';
import { requireKind, requireStaff } from '../../http/auth.ts';
import type { RouteModule } from '../../http/server.ts';
import { listTransfers, myLeave, transferDetail } from './leader-transfer.queries.ts';
import {
  cancelTransfer,
  completeTransfer,
  confirmTransfer,
  setTransferTarget,
  startTransfer,
  requestLeave,
} from './leader-transfer.service.ts';
import { excludedLeaders } from './leader-transfer.setup.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };

/**
 * A leader's removal (or leave) that keeps their members: support staff propose, adjust and
 * confirm the move of the members to the nearest good leaders; a leader may ask to leave.
 */
export const leaderTransferRoutes: RouteModule = (app, ctx) => {
  const tags = ['admin'];
  const support = (req: Parameters<typeof requireStaff>[1]) => requireStaff(ctx, req, 'support');
  const detail = (operatorId: string, id: string) => transferDetail(ctx.db, operatorId, id, excludedLeaders);

  app.get(
    '/api/v1/admin/leader-transfers',
    {
      schema: {
        tags,
        summary: "Leaders' removals and leaves with their member transfers, newest first",
        querystring: leaderTransfer.TransferListQuery,
        response: { 200: leaderTransfer.TransferPage, ...errors },
      },
    },
    async (req) => listTransfers(ctx.db, (await support(req)).operatorId, req.query),
  );
  app.post(
    '/api/v1/admin/leader-transfers',
    {
      schema: {
        tags,
        summary: "Start a leader's removal: propose the nearest good pickup point for each of their points' members (nothing moves yet)",
        body: leaderTransfer.StartTransfer,
        response: { 201: leaderTransfer.LeaderTransfer, ...errors },
      },
    },
    async (req, reply) => {
      const me = await support(req);
      const id = await startTransfer(ctx, me.operatorId, { kind: 'staff', id: me.id }, req.body, excludedLeaders);
      return reply.status(201).send(await detail(me.operatorId, id));
    },
  );
  app.get(
    '/api/v1/admin/leader-transfers/:id',
    {
      schema: {
        tags,
        summary: 'One transfer: its points, their targets and candidates, the orders still to hand out and the commission held',
        params: IdParams,
        response: { 200: leaderTransfer.LeaderTransfer, ...errors },
      },
    },
    async (req) => detail((await support(req)).operatorId, req.params.id),
  );
  app.put(
    '/api/v1/admin/leader-transfers/:id/points/:pointId',
    {
      schema: {
        tags,
        summary: "Choose where one point's members go (an open point of another active leader), before confirming",
        params: leaderTransfer.TransferPointParams,
        body: leaderTransfer.SetTransferTarget,
        response: { 200: leaderTransfer.LeaderTransfer, ...errors },
      },
    },
    async (req) => {
      const me = await support(req);
      await setTransferTarget(ctx, me.operatorId, req.params.id, req.params.pointId, req.body.toPointId, excludedLeaders);
      return detail(me.operatorId, req.params.id);
    },
  );
  app.post(
    '/api/v1/admin/leader-transfers/:id/confirm',
    {
      schema: {
        tags,
        summary: "Confirm: move the members (each once) and tell them, close the leader's points; idempotent",
        params: IdParams,
        response: { 200: leaderTransfer.LeaderTransfer, ...errors },
      },
    },
    async (req) => {
      const me = await support(req);
      await confirmTransfer(ctx, me, req.params.id);
      return detail(me.operatorId, req.params.id);
    },
  );
  app.post(
    '/api/v1/admin/leader-transfers/:id/complete',
    {
      schema: {
        tags,
        summary: 'Suspend the leader once their open orders are handed out and their commission settled (else say what it waits for)',
        params: IdParams,
        response: { 200: leaderTransfer.LeaderTransfer, ...errors },
      },
    },
    async (req) => {
      const me = await support(req);
      await completeTransfer(ctx, me.operatorId, req.params.id);
      return detail(me.operatorId, req.params.id);
    },
  );
  app.post(
    '/api/v1/admin/leader-transfers/:id/cancel',
    {
      schema: {
        tags,
        summary: 'Drop a proposed transfer (nothing was moved)',
        params: IdParams,
        response: { 200: leaderTransfer.LeaderTransfer, ...errors },
      },
    },
    async (req) => {
      const me = await support(req);
      await cancelTransfer(ctx, me.operatorId, req.params.id);
      return detail(me.operatorId, req.params.id);
    },
  );

  app.get(
    '/api/v1/leader/leave',
    {
      schema: {
        tags: ['leader'],
        summary: 'My request to leave, if any',
        response: { 200: leaderTransfer.MyLeave, 401: ErrorBody, 403: ErrorBody },
      },
    },
    async (req) => {
      const me = await requireKind(ctx, req, 'leader');
      return myLeave(ctx.db, me.operatorId, me.id);
    },
  );
  app.post(
    '/api/v1/leader/leave',
    {
      schema: {
        tags: ['leader'],
        summary: 'Ask to leave: staff confirm, and my members move to nearby leaders',
        body: leaderTransfer.RequestLeave,
        response: { 201: leaderTransfer.MyLeave, ...errors },
      },
    },
    async (req, reply) => {
      const me = await requireKind(ctx, req, 'leader');
      await requestLeave(ctx, me, req.body, excludedLeaders);
      return reply.status(201).send(await myLeave(ctx.db, me.operatorId, me.id));
    },
  );
};
