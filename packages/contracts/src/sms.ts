import { z } from 'zod';
import { Timestamp } from './common.ts';

/** The kinds of SMS linli sends (one vendor template each). */
export const SmsKind = z.enum(['login_code', 'goods_arrived', 'pickup_reminder', 'refund_notice', 'postponement']);
export const SmsStatus = z.enum(['queued', 'sent', 'delivered', 'failed']);

export const SmsTemplate = z.object({
  templateCode: z.string().describe("Aliyun's template code (SMS_…) or Tencent's template id"),
  signName: z.string().nullable().describe('the sign name (短信签名); null: the installation default'),
  paramNames: z
    .array(z.string())
    .nullable()
    .describe("the parameters in the template's order (Tencent's are positional); null: the kind's own order"),
});

export const SmsKindSettings = z.object({
  kind: SmsKind,
  params: z.array(z.string()).describe('the parameters linli sends with this kind, in its own order'),
  operator: SmsTemplate.nullable().describe("the operator's template; null: the installation default applies"),
  installation: SmsTemplate.nullable().describe('the default from the environment (LINLI_SMS_TEMPLATE_*)'),
  effective: z
    .enum(['operator', 'installation', 'none'])
    .describe('which one is sent with; none: sending this kind fails with SMS_TEMPLATE_MISSING'),
});

export const SmsSettings = z.object({
  provider: z.enum(['dev', 'aliyun', 'tencent']),
  installationSignName: z.string().nullable(),
  receiptPath: z.string().nullable().describe("the delivery receipt callback's path with its token (null with the dev provider)"),
  receiptUrl: z.string().nullable().describe('the callback URL to register at the vendor (LINLI_PUBLIC_URL + receiptPath)'),
  kinds: z.array(SmsKindSettings),
});

const ParamName = z.string().regex(/^[a-z]\w{0,31}$/, 'a parameter name');
export const PutSmsTemplate = z.strictObject({
  templateCode: z.string().regex(/^[\w-]{1,64}$/, 'a template code: letters, digits, _ and -'),
  signName: z.string().trim().min(2).max(64).nullable().optional(),
  paramNames: z.array(ParamName).min(1).max(10).nullable().optional(),
});
export const SmsKindParams = z.strictObject({ kind: SmsKind });

export const SmsMessage = z.object({
  id: z.string(),
  kind: z.string(),
  phone: z.string().describe('masked'),
  provider: z.string(),
  providerMessageId: z.string().nullable(),
  status: SmsStatus,
  errorCode: z.string().nullable(),
  errorMessage: z.string().nullable(),
  createdAt: Timestamp,
  sentAt: Timestamp.nullable(),
  reportedAt: Timestamp.nullable(),
});
export const SmsMessageQuery = z.strictObject({
  status: SmsStatus.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export const SmsMessageList = z.object({ items: z.array(SmsMessage) });

/** The receipt callbacks carry their token in the query: vendors do not sign these pushes. */
export const ReceiptQuery = z.strictObject({ token: z.string().max(128) });

/** Aliyun's SmsReport push: a JSON array. */
export const AliyunSmsReport = z
  .array(
    z.object({
      phone_number: z.string().max(32),
      send_time: z.string().max(32).optional(),
      report_time: z.string().max(32),
      success: z.boolean(),
      err_code: z.string().max(64).optional(),
      err_msg: z.string().max(256).optional(),
      sms_size: z.string().max(8).optional(),
      biz_id: z.string().max(128),
      out_id: z.string().max(128).optional(),
    }),
  )
  .max(1000);
export const AliyunReceiptAnswer = z.object({ code: z.number(), msg: z.string() });

/** Tencent Cloud SMS's status callback: a JSON array. */
export const TencentSmsStatus = z
  .array(
    z.object({
      user_receive_time: z.string().max(32),
      nationcode: z.string().max(8),
      mobile: z.string().max(32),
      report_status: z.enum(['SUCCESS', 'FAIL']),
      errmsg: z.string().max(64),
      description: z.string().max(256),
      sid: z.string().max(128),
    }),
  )
  .max(1000);
export const TencentReceiptAnswer = z.object({ result: z.number(), errmsg: z.string() });
