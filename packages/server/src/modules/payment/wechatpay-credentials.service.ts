import { randomBytes } from 'node:crypto';
import type { paymentSettings } from '@linli/contracts';
import type { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { AppError } from '../../platform/errors.ts';
import { seal, unseal } from '../../platform/sealed.ts';
import { staffNames } from '../identity/index.ts';
import { credentialsOf, forgetPaymentsOf, nowSecondsOf, operatorNotifyPath } from './payment.registry.ts';
import { checkCredentials, isProblem } from './wechatpay-credentials.rules.ts';
import { storedCredentials } from './wechatpay-credentials.queries.ts';
import { WechatPayClient, WechatPayError } from './wechatpay.client.ts';
import { WECHATPAY_NOTIFY_PATH } from './wechatpay.config.ts';

type SetInput = z.infer<typeof paymentSettings.SetWechatPayCredentials>;
type State = z.infer<typeof paymentSettings.WechatPayCredentialsState>;

/**
 * An operator's own WeChat Pay credentials, set by its admins: checked, the private key and the
 * APIv3 key sealed under the installation secret, never answered. Setting them again replaces
 * them (an absent secret keeps the stored one); the built client is dropped on every change.
 */
export async function setWechatPayCredentials(ctx: AppContext, who: { operatorId: string; id: string }, input: SetInput): Promise<State> {
  const existing = await storedCredentials(ctx.db, who.operatorId);
  const privateKeyPem = input.privateKeyPem ?? (existing ? unseal(ctx.secret, existing.private_key_sealed) : undefined);
  const apiV3Key = input.apiV3Key ?? (existing ? unseal(ctx.secret, existing.apiv3_key_sealed) : undefined);
  if (privateKeyPem === undefined) throw invalid('privateKeyPem', 'the merchant private key is required');
  if (apiV3Key === undefined) throw invalid('apiV3Key', 'the APIv3 key is required');
  const checked = checkCredentials({ ...input, privateKeyPem, apiV3Key });
  if (isProblem(checked)) throw invalid(checked.field, checked.reason);
  const row = {
    mchid: checked.mchid,
    appid: checked.appid,
    merchant_serial: checked.merchantSerial,
    private_key_sealed: seal(ctx.secret, checked.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()),
    apiv3_key_sealed: seal(ctx.secret, checked.apiV3Key),
    public_key_id: checked.publicKeyId,
    public_key_pem: checked.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    set_by: who.id,
    set_at: ctx.clock.now(),
  };
  await ctx.db
    .insertInto('wechatpay_credentials')
    .values({ operator_id: who.operatorId, ...row })
    .onConflict((oc) => oc.column('operator_id').doUpdateSet((eb) => ({ ...row, revision: eb('wechatpay_credentials.revision', '+', 1) })))
    .execute();
  forgetPaymentsOf(ctx, who.operatorId);
  return wechatPayCredentialsState(ctx, who.operatorId);
}

/** Removes an operator's own credentials: it pays through the installation's again, if there are any. */
export async function removeWechatPayCredentials(ctx: AppContext, operatorId: string): Promise<State> {
  const removed = await ctx.db.deleteFrom('wechatpay_credentials').where('operator_id', '=', operatorId).executeTakeFirst();
  if (Number(removed.numDeletedRows) === 0) throw new AppError('NOT_FOUND', 'this operator has no WeChat Pay credentials of its own');
  forgetPaymentsOf(ctx, operatorId);
  return wechatPayCredentialsState(ctx, operatorId);
}

/** What is set and whose credentials are used: never the private key or the APIv3 key. */
export async function wechatPayCredentialsState(ctx: AppContext, operatorId: string): Promise<State> {
  const row = await storedCredentials(ctx.db, operatorId);
  const installation = ctx.config.paymentProvider === 'wechatpay' && ctx.config.wechatpay !== undefined;
  const source = row ? 'operator' : installation ? 'installation' : 'none';
  const names = row ? await staffNames(ctx.db, operatorId, [row.set_by]) : new Map<string, string>();
  const base = ctx.config.publicUrl ?? '';
  return {
    provider: ctx.config.paymentProvider,
    source,
    own: row
      ? {
          mchid: row.mchid,
          appid: row.appid,
          merchantSerial: row.merchant_serial,
          publicKeyId: row.public_key_id,
          privateKeySet: true,
          apiV3KeySet: true,
          publicKeySet: true,
          setAt: row.set_at.toISOString(),
          setBy: { id: row.set_by, name: names.get(row.set_by) ?? null },
        }
      : null,
    notifyUrl:
      source === 'operator'
        ? `${base}${operatorNotifyPath(operatorId)}`
        : source === 'installation'
          ? `${base}${WECHATPAY_NOTIFY_PATH}`
          : null,
  };
}

/**
 * One signed, harmless call with the operator's own credentials: a query of a trade that cannot
 * exist. WeChat Pay answering ORDER_NOT_EXIST (signed, and verified here with the WeChat Pay public
 * key) proves it accepted the merchant's signature and that the public key is the right one.
 */
export async function testWechatPayCredentials(ctx: AppContext, operatorId: string) {
  const row = await storedCredentials(ctx.db, operatorId);
  if (!row) throw new AppError('WECHATPAY_NOT_CONFIGURED', 'this operator has no WeChat Pay credentials of its own to test');
  const client = new WechatPayClient(credentialsOf(ctx, row), nowSecondsOf(ctx));
  const probe = `linlitest${randomBytes(8).toString('hex')}`;
  try {
    await client.call('GET', `/v3/pay/transactions/out-trade-no/${probe}?mchid=${encodeURIComponent(row.mchid)}`);
    return { ok: true, code: 'OK', message: 'WeChat Pay answered and its answer verified' };
  } catch (err) {
    if (!(err instanceof WechatPayError)) throw err;
    if (err.code === 'ORDER_NOT_EXIST' || err.code === 'RESOURCE_NOT_EXISTS') {
      return { ok: true, code: err.code, message: 'WeChat Pay accepted the signature; its answer verified with the public key' };
    }
    return { ok: false, code: err.code, message: err.message };
  }
}

function invalid(field: string, reason: string): AppError {
  return new AppError('WECHATPAY_CREDENTIALS_INVALID', reason, { field });
}
