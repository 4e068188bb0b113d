import type { sms } from '@linli/contracts';
import type { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { AppError } from '../../platform/errors.ts';
import type { SmsKind } from './sms.provider.ts';
import { receiptPath, receiptToken } from './sms.receipts.ts';
import { kindParams, operatorTemplates, resolveTemplate, smsKinds } from './sms.templates.ts';

type Settings = z.infer<typeof sms.SmsSettings>;

/** The operator's SMS settings: per kind its own template, the installation's, and which applies; the receipt URL to register. */
export async function getSmsSettings(ctx: AppContext, operatorId: string): Promise<Settings> {
  const vendor = ctx.config.smsVendor;
  const rows = vendor ? await operatorTemplates(ctx.db, operatorId, vendor.vendor) : [];
  const path = vendor ? `${receiptPath(vendor.vendor)}?token=${receiptToken(ctx.secret, vendor.vendor)}` : null;
  return {
    provider: ctx.config.smsProvider,
    installationSignName: vendor?.signName ?? null,
    receiptPath: path,
    receiptUrl: path && ctx.config.publicUrl ? `${ctx.config.publicUrl}${path}` : null,
    kinds: smsKinds.map((kind) => {
      const row = rows.find((r) => r.kind === kind);
      const operator = row ? { templateCode: row.template_code, signName: row.sign_name, paramNames: row.param_names } : null;
      const def = vendor?.templates[kind];
      const installation = def
        ? { templateCode: def.templateCode, signName: vendor?.signName ?? null, paramNames: def.paramNames ?? null }
        : null;
      const effective = resolveTemplate(kind, operator ?? undefined, { template: def, signName: vendor?.signName });
      return { kind, params: kindParams[kind], operator, installation, effective: effective?.source ?? 'none' };
    }),
  };
}

/** Sets the operator's template of a kind at the configured vendor. */
export async function putSmsTemplate(
  ctx: AppContext,
  operatorId: string,
  kind: SmsKind,
  input: z.infer<typeof sms.PutSmsTemplate>,
): Promise<Settings> {
  const vendor = vendorOf(ctx);
  const format = vendor === 'aliyun' ? /^SMS_\d{4,20}$/ : /^\d{1,20}$/;
  if (!format.test(input.templateCode)) {
    throw new AppError(
      'VALIDATION_FAILED',
      vendor === 'aliyun' ? 'an Aliyun template code looks like SMS_123456789' : 'a Tencent template id is digits',
    );
  }
  const names = input.paramNames ?? null;
  if (names) {
    const unknown = names.filter((n) => !kindParams[kind].includes(n));
    if (unknown.length > 0 || new Set(names).size !== names.length) {
      throw new AppError('VALIDATION_FAILED', `parameters of ${kind} are ${kindParams[kind].join(', ')}, each at most once`, { unknown });
    }
  }
  const now = ctx.clock.now();
  await ctx.db
    .insertInto('sms_templates')
    .values({
      operator_id: operatorId,
      provider: vendor,
      kind,
      template_code: input.templateCode,
      sign_name: input.signName ?? null,
      param_names: names,
      updated_at: now,
    })
    .onConflict((oc) =>
      oc
        .columns(['operator_id', 'provider', 'kind'])
        .doUpdateSet({ template_code: input.templateCode, sign_name: input.signName ?? null, param_names: names, updated_at: now }),
    )
    .execute();
  return getSmsSettings(ctx, operatorId);
}

/** Removes the operator's template of a kind: the installation default applies again. */
export async function deleteSmsTemplate(ctx: AppContext, operatorId: string, kind: SmsKind): Promise<Settings> {
  const vendor = vendorOf(ctx);
  await ctx.db
    .deleteFrom('sms_templates')
    .where('operator_id', '=', operatorId)
    .where('provider', '=', vendor)
    .where('kind', '=', kind)
    .execute();
  return getSmsSettings(ctx, operatorId);
}

function vendorOf(ctx: AppContext): 'aliyun' | 'tencent' {
  const vendor = ctx.config.smsVendor?.vendor;
  if (!vendor)
    throw new AppError(
      'INVALID_STATE',
      'the dev SMS provider sends nothing and takes no templates: set LINLI_SMS_PROVIDER to aliyun or tencent',
    );
  return vendor;
}
