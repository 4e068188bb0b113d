import { ErrorBody, IdParams, logistics } from '@linli/contracts';
import { z } from 'zod';
import { requireStaff } from '../../http/auth.ts';
import type { RouteModule } from '../../http/server.ts';
import { deleteLine, listLines, saveLinesFromRoutes, updateLine } from './standing-lines.service.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };

/** Standing lines (固定线路): saved from a day's routes, kept by later plans (dispatchers). */
export const standingLineRoutes: RouteModule = (app, ctx) => {
  const tags = ['admin'];
  const dispatcher = async (req: Parameters<typeof requireStaff>[1]) => (await requireStaff(ctx, req, 'dispatcher')).operatorId;
  const reader = async (req: Parameters<typeof requireStaff>[1]) => (await requireStaff(ctx, req, 'warehouse', 'dispatcher')).operatorId;

  app.get(
    '/api/v1/admin/standing-lines',
    {
      schema: {
        tags,
        summary: "A warehouse's standing lines with their vehicle type, driver and points in order",
        querystring: logistics.StandingLineQuery,
        response: { 200: logistics.StandingLineList, ...errors },
      },
    },
    async (req) => listLines(ctx.db, await reader(req), req.query.warehouseId),
  );
  app.post(
    '/api/v1/admin/standing-lines/from-routes',
    {
      schema: {
        tags,
        summary: "Save a date's routes of a warehouse as its standing lines, one per vehicle with its driver (replaces the others)",
        body: logistics.SaveStandingLines,
        response: { 200: logistics.StandingLineList, ...errors },
      },
    },
    async (req) => saveLinesFromRoutes(ctx, await dispatcher(req), req.body),
  );
  app.patch(
    '/api/v1/admin/standing-lines/:id',
    {
      schema: {
        tags,
        summary: 'Rename a standing line or give it another driver',
        params: IdParams,
        body: logistics.UpdateStandingLine,
        response: { 200: logistics.StandingLine, ...errors },
      },
    },
    async (req) => updateLine(ctx, await dispatcher(req), req.params.id, req.body),
  );
  app.delete(
    '/api/v1/admin/standing-lines/:id',
    {
      schema: {
        tags,
        summary: 'Remove a standing line: its points are planned freely again',
        params: IdParams,
        response: { 204: z.null(), ...errors },
      },
    },
    async (req, reply) => {
      await deleteLine(ctx, await dispatcher(req), req.params.id);
      return reply.status(204).send(null);
    },
  );
};
