import { SMS_KINDS, type SmsTemplateDefault, type SmsVendorSettings } from '../../config.ts';
import type { Executor } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import type { SmsKind, SmsMessage } from './sms.provider.ts';

/** Every kind, in the order the admin screen lists them (the same list as `SmsKind`). */
export const smsKinds: readonly SmsKind[] = SMS_KINDS;

/**
 * The parameters each kind sends, in the order linli documents them (sms.provider.ts). Tencent's
 * templates are positional: a template that takes them in another order names its own order.
 */
export const kindParams: Record<SmsKind, string[]> = {
  login_code: ['code'],
  goods_arrived: ['point', 'code', 'hours'],
  pickup_reminder: ['point', 'code', 'hours'],
  refund_notice: ['amount'],
  postponement: ['point', 'date'],
};

/** The template a message is sent with. */
export interface ResolvedTemplate {
  templateCode: string;
  signName: string;
  paramNames: string[];
  /** Whose it is: the operator's own settings or the installation's environment. */
  source: 'operator' | 'installation';
}

/** An operator's row for a kind (table sms_templates), as the resolution reads it. */
export interface OperatorTemplate {
  templateCode: string;
  signName: string | null;
  paramNames: string[] | null;
}

/**
 * Which template a kind is sent with: the operator's own, else the installation's default; the
 * operator's sign name, else the installation's. Undefined: no template anywhere, or no sign name.
 */
export function resolveTemplate(
  kind: SmsKind,
  operator: OperatorTemplate | undefined,
  installation: { template: SmsTemplateDefault | undefined; signName: string | undefined },
): ResolvedTemplate | undefined {
  const signName = operator?.signName ?? installation.signName;
  if (!signName) return undefined;
  if (operator)
    return { templateCode: operator.templateCode, signName, paramNames: operator.paramNames ?? kindParams[kind], source: 'operator' };
  const t = installation.template;
  if (!t) return undefined;
  return { templateCode: t.templateCode, signName, paramNames: t.paramNames ?? kindParams[kind], source: 'installation' };
}

/** The operator's template rows of one vendor. */
export async function operatorTemplates(db: Executor, operatorId: string, provider: 'aliyun' | 'tencent') {
  return db
    .selectFrom('sms_templates')
    .selectAll()
    .where('operator_id', '=', operatorId)
    .where('provider', '=', provider)
    .orderBy('kind')
    .execute();
}

/** A message's template: the operator's or the installation's; none is SMS_TEMPLATE_MISSING. */
export async function templateOf(db: Executor, settings: SmsVendorSettings, message: SmsMessage): Promise<ResolvedTemplate> {
  const row = message.operatorId
    ? await db
        .selectFrom('sms_templates')
        .select(['template_code', 'sign_name', 'param_names'])
        .where('operator_id', '=', message.operatorId)
        .where('provider', '=', settings.vendor)
        .where('kind', '=', message.kind)
        .executeTakeFirst()
    : undefined;
  const resolved = resolveTemplate(
    message.kind,
    row ? { templateCode: row.template_code, signName: row.sign_name, paramNames: row.param_names } : undefined,
    { template: settings.templates[message.kind], signName: settings.signName },
  );
  if (!resolved) {
    throw new AppError('SMS_TEMPLATE_MISSING', `no ${settings.vendor} SMS template (or sign name) is set for "${message.kind}"`, {
      kind: message.kind,
    });
  }
  return resolved;
}
