import { ErrorBody, auth } from '@linli/contracts';
import { z } from 'zod';
import { principalOf } from '../../http/auth.ts';
import type { RouteModule } from '../../http/server.ts';
import { AppError } from '../../platform/errors.ts';
import { inviteSignup } from '../invites/index.ts';
import { newcomerCoupons } from '../promotions/index.ts';
import { allListeners, describePrincipal } from './identity.service.ts';
import { WECHAT_CALLBACK_PATH, WECHAT_STATE_COOKIE, WECHAT_STATE_TTL_MS, cookieValue } from './wechat-login.rules.ts';
import { finishWechatCallback, redeemWechatTicket, startWechatLogin, unbindWechat, wechatBindingOf } from './wechat-login.service.ts';
import { WechatOAuthClient } from './wechat-oauth.client.ts';

/** WeChat login (网页授权) and binding; offered only when LINLI_WECHAT_APPID is configured. */
export const wechatLoginRoutes: RouteModule = (app, ctx) => {
  const settings = ctx.config.wechatLogin;
  const client = settings ? new WechatOAuthClient(settings) : undefined;
  const configured = () => {
    if (!client) throw new AppError('WECHAT_LOGIN_UNAVAILABLE', 'WeChat login is not configured on this installation');
    return client;
  };
  const secure = ctx.config.publicUrl?.startsWith('https://') ? '; Secure' : '';
  const tags = ['auth'];

  app.post(
    '/api/v1/auth/wechat/authorizations',
    {
      schema: {
        tags,
        summary: "Start WeChat login (or, with a bearer token, bind the caller's WeChat): the authorize URL to open",
        description:
          'Sets a short-lived cookie tying the callback to this browser. WeChat comes back to /api/v1/auth/wechat/callback, which redirects to `returnTo`.',
        security: [],
        body: auth.StartWechatLogin,
        response: { 201: auth.WechatAuthorizationStarted, 404: ErrorBody, 409: ErrorBody },
      },
    },
    async (req, reply) => {
      const c = configured();
      const binder = req.headers.authorization ? await principalOf(ctx, req) : undefined;
      const started = await startWechatLogin(ctx, c, `${ctx.config.publicUrl}${WECHAT_CALLBACK_PATH}`, req.body, binder);
      reply.header(
        'set-cookie',
        `${WECHAT_STATE_COOKIE}=${started.stateId}; Path=${WECHAT_CALLBACK_PATH}; Max-Age=${WECHAT_STATE_TTL_MS / 1000}; HttpOnly; SameSite=Lax${secure}`,
      );
      return reply.status(201).send({ url: started.url, expiresAt: started.expiresAt.toISOString() });
    },
  );

  app.get(
    WECHAT_CALLBACK_PATH,
    {
      schema: {
        tags,
        summary: "WeChat's redirect after authorization (opened by the browser, not called by clients)",
        description:
          "Redirects (302) to the return address with `wechat_ticket` and `wechat_next` (session | bind_phone), `wechat=bound`, or `wechat_error=<code>`; a forged, expired, replayed or other browser's state is 400 WECHAT_STATE_INVALID.",
        security: [],
        querystring: auth.WechatCallbackQuery,
        response: { 302: z.null(), 400: ErrorBody, 409: ErrorBody },
      },
    },
    async (req, reply) => {
      const c = configured();
      const to = await finishWechatCallback(ctx, c, req.query, cookieValue(req.headers.cookie, WECHAT_STATE_COOKIE));
      reply.header('set-cookie', `${WECHAT_STATE_COOKIE}=; Path=${WECHAT_CALLBACK_PATH}; Max-Age=0; HttpOnly; SameSite=Lax${secure}`);
      return reply.redirect(to, 302);
    },
  );

  app.post(
    '/api/v1/auth/wechat/sessions',
    {
      schema: {
        tags,
        summary: "Log in with the callback's one-time ticket (the first time with a phone and its SMS code)",
        security: [],
        body: auth.RedeemWechatTicket,
        response: { 201: auth.Session, 400: ErrorBody, 401: ErrorBody, 409: ErrorBody },
      },
    },
    async (req, reply) => {
      const session = await redeemWechatTicket(
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

  app.get(
    '/api/v1/auth/wechat/binding',
    { schema: { tags, summary: 'Whether my WeChat is bound', response: { 200: auth.WechatBinding } } },
    async (req) => wechatBindingOf(ctx, settings?.appid, await principalOf(ctx, req)),
  );

  app.delete(
    '/api/v1/auth/wechat/binding',
    { schema: { tags, summary: 'Unbind my WeChat', response: { 204: z.null(), 404: ErrorBody, 409: ErrorBody } } },
    async (req, reply) => {
      const c = configured();
      await unbindWechat(ctx, c.appid, await principalOf(ctx, req));
      return reply.status(204).send(null);
    },
  );
};
