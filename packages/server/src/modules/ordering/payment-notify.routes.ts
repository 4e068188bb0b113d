import { ErrorBody, shop } from '@linli/contracts';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { RouteModule } from '../../http/server.ts';
import { AppError } from '../../platform/errors.ts';
import { WECHATPAY_NOTIFY_PATH } from '../payment/index.ts';
import { receivePaymentNotification } from './order-payment.ts';

/** Request headers as the signature check reads them: lower-case names, one value each. */
function headersOf(raw: Record<string, string | string[] | undefined>): Record<string, string | undefined> {
  const headers: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(raw)) headers[name] = Array.isArray(value) ? value[0] : value;
  return headers;
}

/**
 * Provider notifications: public endpoints, trusted only through the provider's signature. They
 * live in ordering because a captured payment pays an order, and only ordering moves orders.
 */
export const paymentRoutes: RouteModule = (app, ctx) => {
  app.post(
    '/api/v1/payments/dev/notify',
    {
      schema: {
        tags: ['payments'],
        summary: "The dev provider's payment notification (signed with the installation secret)",
        security: [],
        body: shop.DevNotification,
        response: { 200: z.object({ ok: z.literal(true), changed: z.boolean() }), 400: ErrorBody, 404: ErrorBody },
      },
    },
    async (req) => {
      if (ctx.payments.name !== 'dev') throw new AppError('NOT_FOUND', 'the dev provider is not configured');
      const { changed } = await receivePaymentNotification(ctx, { headers: {}, rawBody: JSON.stringify(req.body) });
      return { ok: true as const, changed };
    },
  );

  // WeChat Pay signs the exact bytes it sends: this route keeps the body as text to verify it.
  void app.register(async (plugin) => {
    const scope = plugin.withTypeProvider<ZodTypeProvider>();
    scope.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => done(null, body));
    scope.post(
      WECHATPAY_NOTIFY_PATH,
      {
        schema: {
          tags: ['payments'],
          summary: "WeChat Pay's payment and refund notifications (API v3, signed with the WeChat Pay public key)",
          description:
            'TRANSACTION.SUCCESS captures the payment and pays its order; REFUND.SUCCESS, REFUND.ABNORMAL and REFUND.CLOSED settle a refund. ' +
            'The Wechatpay-Signature over the raw body must verify, Wechatpay-Timestamp be within five minutes and Wechatpay-Nonce unseen; ' +
            'answers 204 when applied (or already applied), and an error otherwise, so that WeChat Pay sends it again.',
          security: [],
          response: { 204: z.null(), 400: ErrorBody, 404: ErrorBody, 409: ErrorBody },
        },
      },
      async (req, reply) => {
        if (ctx.payments.name !== 'wechatpay') throw new AppError('NOT_FOUND', 'WeChat Pay is not configured');
        await receivePaymentNotification(ctx, { headers: headersOf(req.headers), rawBody: typeof req.body === 'string' ? req.body : '' });
        return reply.status(204).send(null);
      },
    );
    scope.post(
      `${WECHATPAY_NOTIFY_PATH}/:operatorId`,
      {
        schema: {
          tags: ['payments'],
          summary: "WeChat Pay's notifications for an operator with its own WeChat Pay credentials",
          description:
            "As the installation's notification address, verified with the WeChat Pay public key and decrypted with the APIv3 key of the operator named in the path " +
            "(its own credentials, else the installation's); it applies only to that operator's payments and refunds.",
          security: [],
          params: z.object({ operatorId: z.string().min(1).max(64) }),
          response: { 204: z.null(), 400: ErrorBody, 404: ErrorBody, 409: ErrorBody },
        },
      },
      async (req, reply) => {
        if (ctx.payments.name !== 'wechatpay') throw new AppError('NOT_FOUND', 'WeChat Pay is not configured');
        const rawBody = typeof req.body === 'string' ? req.body : '';
        await receivePaymentNotification(ctx, { headers: headersOf(req.headers), rawBody }, req.params.operatorId);
        return reply.status(204).send(null);
      },
    );
  });
};
