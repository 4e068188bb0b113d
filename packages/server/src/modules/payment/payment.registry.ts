import { createPrivateKey, createPublicKey } from 'node:crypto';
import type { AppContext } from '../../context.ts';
import { unseal } from '../../platform/sealed.ts';
import type { PaymentProvider } from './payment.provider.ts';
import { UnconfiguredWechatPay } from './payment.providers.ts';
import { credentialsRevision, type StoredCredentials, storedCredentials } from './wechatpay-credentials.queries.ts';
import type { WechatPayCredentials } from './wechatpay.client.ts';
import { WECHATPAY_NOTIFY_PATH } from './wechatpay.config.ts';
import { WechatPayProvider } from './wechatpay.provider.ts';

/**
 * Which provider serves an operator. With WeChat Pay: the operator's own credentials when set (a
 * client built once per revision and kept), else the installation's from the environment, else
 * one that refuses to take money (WECHATPAY_NOT_CONFIGURED). With the dev provider: the
 * installation's, always. Each lookup reads the operator's credentials revision (one row by key),
 * so a change made by another process is seen at the next call.
 */
const built = new WeakMap<AppContext, Map<string, { revision: number; provider: WechatPayProvider }>>();

function cacheOf(ctx: AppContext) {
  let cache = built.get(ctx);
  if (!cache) {
    cache = new Map();
    built.set(ctx, cache);
  }
  return cache;
}

/** The notification address of an operator with its own credentials: the notification names whose keys verify it. */
export function operatorNotifyPath(operatorId: string): string {
  return `${WECHATPAY_NOTIFY_PATH}/${encodeURIComponent(operatorId)}`;
}

export async function paymentsOf(ctx: AppContext, operatorId: string): Promise<PaymentProvider> {
  if (ctx.payments.name !== 'wechatpay') return ctx.payments;
  const revision = await credentialsRevision(ctx.db, operatorId);
  const cache = cacheOf(ctx);
  if (revision === undefined) {
    cache.delete(operatorId);
    return ctx.payments;
  }
  const hit = cache.get(operatorId);
  if (hit && hit.revision === revision) return hit.provider;
  const row = await storedCredentials(ctx.db, operatorId);
  if (!row) return ctx.payments;
  const provider = new WechatPayProvider(
    credentialsOf(ctx, row),
    `${ctx.config.publicUrl ?? ''}${operatorNotifyPath(operatorId)}`,
    nowSecondsOf(ctx),
  );
  cache.set(operatorId, { revision: row.revision, provider });
  return provider;
}

/** The installation's clock in Unix seconds (request timestamps, the five-minute window). */
export function nowSecondsOf(ctx: AppContext): () => number {
  return () => Math.floor(ctx.clock.now().getTime() / 1000);
}

/** A stored row's credentials, unsealed and parsed, for a client. */
export function credentialsOf(ctx: AppContext, row: StoredCredentials): WechatPayCredentials {
  return {
    mchid: row.mchid,
    appid: row.appid,
    serialNo: row.merchant_serial,
    privateKey: createPrivateKey(unseal(ctx.secret, row.private_key_sealed)),
    apiV3Key: unseal(ctx.secret, row.apiv3_key_sealed),
    publicKeyId: row.public_key_id,
    publicKey: createPublicKey(row.public_key_pem),
    baseUrl: ctx.config.wechatpayBaseUrl,
  };
}

/** Forgets an operator's built client (its credentials changed or went). */
export function forgetPaymentsOf(ctx: AppContext, operatorId: string): void {
  cacheOf(ctx).delete(operatorId);
}

/** Whether the provider can take money (an operator of a WeChat Pay installation without credentials cannot). */
export function canTakePayments(provider: PaymentProvider): boolean {
  return !(provider instanceof UnconfiguredWechatPay);
}
