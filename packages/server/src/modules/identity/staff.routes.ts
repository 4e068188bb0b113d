import { ErrorBody, IdParams, admin } from '@linli/contracts';
import { requireStaff } from '../../http/auth.ts';
import type { RouteModule } from '../../http/server.ts';
import { createStaff, listStaff, updateStaff } from './staff.service.ts';

const tags = ['admin'];
const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };

/** The operator's staff and their roles: admins only. */
export const staffRoutes: RouteModule = (app, ctx) => {
  app.get(
    '/api/v1/admin/staff',
    { schema: { tags, summary: 'List staff', querystring: admin.StaffListQuery, response: { 200: admin.StaffPage, ...errors } } },
    async (req) => {
      const { operatorId } = await requireStaff(ctx, req, 'admin');
      const { active, ...page } = req.query;
      return listStaff(ctx.db, operatorId, { ...page, active: active === undefined ? undefined : active === 'true' });
    },
  );
  app.post(
    '/api/v1/admin/staff',
    { schema: { tags, summary: 'Add a staff member with roles', body: admin.CreateStaff, response: { 201: admin.Staff, ...errors } } },
    async (req, reply) => reply.status(201).send(await createStaff(ctx, (await requireStaff(ctx, req, 'admin')).operatorId, req.body)),
  );
  app.patch(
    '/api/v1/admin/staff/:id',
    {
      schema: {
        tags,
        summary: "Change a staff member's name, roles or whether they are active",
        params: IdParams,
        body: admin.UpdateStaff,
        response: { 200: admin.Staff, ...errors },
      },
    },
    async (req) => {
      const me = await requireStaff(ctx, req, 'admin');
      return updateStaff(ctx, me.operatorId, me.id, req.params.id, req.body);
    },
  );
};
