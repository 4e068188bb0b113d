import { ErrorBody, shop } from '@linli/contracts';
import { z } from 'zod';
import type { RouteModule } from '../../http/server.ts';
import { applyPaymentNotification } from './order-payment.ts';

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
      const verified = ctx.payments.verifyNotification(req.body);
      const { changed } = await applyPaymentNotification(ctx, verified);
      return { ok: true as const, changed };
    },
  );
};
