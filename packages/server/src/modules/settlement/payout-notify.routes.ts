import { ErrorBody } from '@linli/contracts';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { RouteModule } from '../../http/server.ts';
import { AppError } from '../../platform/errors.ts';
import { payoutProviderOf } from './payout.provider.ts';
import { WECHATPAY_PAYOUT_NOTIFY_PATH } from './settlement.setup.ts';
import { WechatTransferPayoutProvider } from './wechat-transfer.provider.ts';
import { applyPayoutNotice } from './withdrawal.service.ts';

/**
 * WeChat Pay's transfer notifications (MCHTRANSFER.BILL.FINISHED): a public endpoint trusted only
 * through WeChat Pay's signature over the exact bytes, so the body is kept as text to verify it.
 */
export const payoutNotifyRoutes: RouteModule = (app, ctx) => {
  void app.register(async (plugin) => {
    const scope = plugin.withTypeProvider<ZodTypeProvider>();
    scope.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => done(null, body));
    scope.post(
      WECHATPAY_PAYOUT_NOTIFY_PATH,
      {
        schema: {
          tags: ['payments'],
          summary: "WeChat Pay's transfer notifications (商家转账 MCHTRANSFER.BILL.FINISHED, API v3)",
          description:
            'SUCCESS pays the withdrawal the bill number names; FAIL and CANCELLED fail it and give the money back to the leader. ' +
            'The Wechatpay-Signature over the raw body must verify with the WeChat Pay public key and Wechatpay-Timestamp be within five minutes; ' +
            'answers 204 when applied (or already applied), and an error otherwise, so that WeChat Pay sends it again.',
          security: [],
          response: { 204: z.null(), 400: ErrorBody, 404: ErrorBody, 409: ErrorBody },
        },
      },
      async (req, reply) => {
        const provider = payoutProviderOf(ctx);
        if (!(provider instanceof WechatTransferPayoutProvider))
          throw new AppError('NOT_FOUND', 'WeChat Pay does not pay withdrawals here');
        const headers: Record<string, string | undefined> = {};
        for (const [name, value] of Object.entries(req.headers)) headers[name] = Array.isArray(value) ? value[0] : value;
        const { withdrawalId, result, amountFen } = provider.notice({ headers, rawBody: typeof req.body === 'string' ? req.body : '' });
        await applyPayoutNotice(ctx, provider.name, withdrawalId, result, amountFen);
        return reply.status(204).send(null);
      },
    );
  });
};
