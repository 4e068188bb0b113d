import { ErrorBody, paymentSettings } from '@linli/contracts';
import type { FastifyRequest } from 'fastify';
import { requireStaff } from '../../http/auth.ts';
import type { RouteModule } from '../../http/server.ts';
import {
  removeWechatPayCredentials,
  setWechatPayCredentials,
  testWechatPayCredentials,
  wechatPayCredentialsState,
} from './wechatpay-credentials.service.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };
const PATH = '/api/v1/admin/payment-settings/wechatpay';
const NEVER =
  'The merchant private key and the APIv3 key are sealed under the installation secret and never answered: the state says only that they are set.';

/** An operator's own WeChat Pay merchant account (admins of that operator only). */
export const paymentSettingsRoutes: RouteModule = (app, ctx) => {
  const admin = async (req: FastifyRequest) => await requireStaff(ctx, req);
  const tags = ['admin'];

  app.get(
    PATH,
    {
      schema: {
        tags,
        summary: "The operator's WeChat Pay credentials: which are set and whose are used (never a secret)",
        description: NEVER,
        response: { 200: paymentSettings.WechatPayCredentialsState, ...errors },
      },
    },
    async (req) => wechatPayCredentialsState(ctx, (await admin(req)).operatorId),
  );
  app.put(
    PATH,
    {
      schema: {
        tags,
        summary: "Set or replace the operator's own WeChat Pay credentials",
        description: `${NEVER} Refused with 400 WECHATPAY_CREDENTIALS_INVALID (\`details.field\`) when an id has the wrong shape, the private key is not an RSA private key, the APIv3 key is not 32 bytes or the public key is not an RSA public key; nothing changes then. When credentials are set, an absent privateKeyPem or apiV3Key keeps the stored one.`,
        body: paymentSettings.SetWechatPayCredentials,
        response: { 200: paymentSettings.WechatPayCredentialsState, ...errors },
      },
    },
    async (req) => {
      const me = await admin(req);
      return setWechatPayCredentials(ctx, { operatorId: me.operatorId, id: me.id }, req.body);
    },
  );
  app.delete(
    PATH,
    {
      schema: {
        tags,
        summary: "Remove the operator's own WeChat Pay credentials (it pays through the installation's again, if any)",
        response: { 200: paymentSettings.WechatPayCredentialsState, ...errors },
      },
    },
    async (req) => removeWechatPayCredentials(ctx, (await admin(req)).operatorId),
  );
  app.post(
    `${PATH}/test`,
    {
      schema: {
        tags,
        summary: "Test the operator's own credentials with one signed, harmless call (a query of a trade that does not exist)",
        description: 'ok when WeChat Pay answers ORDER_NOT_EXIST with a signature that verifies; otherwise its code.',
        response: { 200: paymentSettings.WechatPayConnectionTest, ...errors },
      },
    },
    async (req) => testWechatPayCredentials(ctx, (await admin(req)).operatorId),
  );
};
