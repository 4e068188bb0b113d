import { ErrorBody, auth } from '@linli/contracts';
import { z } from 'zod';
import { principalOf } from '../../http/auth.ts';
import type { RouteModule } from '../../http/server.ts';
import { inviteSignup } from '../invites/index.ts';
import { newcomerCoupons } from '../promotions/index.ts';
import { allListeners, describePrincipal, login, logout, requestLoginCode } from './identity.service.ts';

export const identityRoutes: RouteModule = (app, ctx) => {
  app.post(
    '/api/v1/auth/sms-codes',
    {
      schema: {
        tags: ['auth'],
        summary: 'Send a one-time login code to a phone',
        security: [],
        body: auth.RequestSmsCode,
        response: { 202: auth.SmsCodeSent, 429: ErrorBody },
      },
    },
    async (req, reply) => reply.status(202).send(await requestLoginCode(ctx, req.body.phone)),
  );

  app.post(
    '/api/v1/auth/sessions',
    {
      schema: {
        tags: ['auth'],
        summary: 'Log in with the code; returns a bearer token',
        security: [],
        body: auth.Login,
        response: { 201: auth.Session, 401: ErrorBody },
      },
    },
    async (req, reply) => {
      const session = await login(
        ctx,
        req.body,
        allListeners(inviteSignup(ctx, req.body.invite, req.headers['x-device-id']), newcomerCoupons),
      );
      const who = await describePrincipal(ctx, session.principal);
      const { sessionId: _, ...principal } = session.principal;
      return reply
        .status(201)
        .send({ token: session.token, expiresAt: session.expiresAt.toISOString(), principal: { ...principal, ...who } });
    },
  );

  app.get('/api/v1/auth/me', { schema: { tags: ['auth'], summary: 'Who am I', response: { 200: auth.Principal } } }, async (req) => {
    const p = await principalOf(ctx, req);
    const { sessionId: _, ...principal } = p;
    return { ...principal, ...(await describePrincipal(ctx, p)) };
  });

  app.delete(
    '/api/v1/auth/sessions/current',
    { schema: { tags: ['auth'], summary: 'Log out: revoke this token', response: { 204: z.null() } } },
    async (req, reply) => {
      const p = await principalOf(ctx, req);
      await logout(ctx, p.sessionId);
      return reply.status(204).send(null);
    },
  );
};
