import { ErrorBody, ledger } from '@linli/contracts';
import { requireStaff } from '../../http/auth.ts';
import type { RouteModule } from '../../http/server.ts';
import { billAccountOf } from './provider-bill.accounts.ts';
import { checkProviderBill } from './provider-bill.check.ts';
import { providerBillCheck } from './provider-bill.queries.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 409: ErrorBody, 502: ErrorBody };

/** The payment provider's daily bill checked against linli, for finance staff. */
export const providerBillRoutes: RouteModule = (app, ctx) => {
  const tags = ['admin'];
  // An operator with its own merchant sees its own bill; the others share the installation's.
  const view = async (operatorId: string, date: string) => {
    const account = await billAccountOf(ctx, operatorId);
    return {
      provider: account.provider.name,
      keepsBills: account.provider.tradeBill !== undefined,
      check: await providerBillCheck(ctx.db, operatorId, account.key, date),
    };
  };

  app.get(
    '/api/v1/admin/finance/provider-bill',
    {
      schema: {
        tags,
        summary: "The payment provider's bill of a day checked against linli's payments and refunds",
        description: 'Checked every day at 10:30 (Beijing) for the day before; differences by kind. The dev provider keeps no bill.',
        querystring: ledger.ProviderBillQuery,
        response: { 200: ledger.ProviderBill, ...errors },
      },
    },
    async (req) => view((await requireStaff(ctx, req, 'finance')).operatorId, req.query.date),
  );

  app.post(
    '/api/v1/admin/finance/provider-bill/check',
    {
      schema: {
        tags,
        summary: "Fetch the payment provider's bill of a day now and check it again",
        description: '409 PROVIDER_BILL_UNAVAILABLE with the dev provider; 502 PAYMENT_PROVIDER_FAILED when the bill cannot be fetched.',
        querystring: ledger.ProviderBillQuery,
        response: { 200: ledger.ProviderBill, ...errors },
      },
    },
    async (req) => {
      const me = await requireStaff(ctx, req, 'finance');
      await checkProviderBill(ctx, req.query.date, await billAccountOf(ctx, me.operatorId));
      return view(me.operatorId, req.query.date);
    },
  );
};
