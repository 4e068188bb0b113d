import { ErrorBody, privacy } from '@linli/contracts';
import { requireStaff } from '../../http/auth.ts';
import type { RouteModule } from '../../http/server.ts';
import { residentPhone } from '../identity/index.ts';
import { leadersByIds } from '../leader/index.ts';
import { applicationPhone } from '../leader-applications/index.ts';
import { type PersonalPhones, listAuditLog, revealPersonalData } from './privacy.service.ts';

/** The phone a reveal may show, from the module that keeps each kind of record. */
const phoneOf: PersonalPhones = {
  leader: async (db, operatorId, id) => (await leadersByIds(db, operatorId, [id])).get(id)?.phone,
  leader_application: applicationPhone,
  resident: residentPhone,
};

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };

/**
 * Personal data in full: staff see phones masked everywhere; an admin, or support (who manage
 * leaders and their applications), reveals one record's phone at a time, and every reveal is
 * logged. Only admins read the log.
 */
export const privacyRoutes: RouteModule = (app, ctx) => {
  const tags = ['admin'];
  app.post(
    '/api/v1/admin/personal-data/reveal',
    {
      schema: {
        tags,
        summary: "Show one record's masked phone in full (admin, support); written to the audit log",
        body: privacy.RevealPersonalData,
        response: { 200: privacy.RevealedPersonalData, ...errors },
      },
    },
    async (req) => revealPersonalData(ctx, await requireStaff(ctx, req, 'support'), req.ip, req.body, phoneOf),
  );
  app.get(
    '/api/v1/admin/audit-log',
    {
      schema: {
        tags,
        summary: 'Who saw personal data in full, newest first (admin)',
        querystring: privacy.AuditLogQuery,
        response: { 200: privacy.AuditLogPage, ...errors },
      },
    },
    async (req) => listAuditLog(ctx.db, (await requireStaff(ctx, req, 'admin')).operatorId, req.query),
  );
};
