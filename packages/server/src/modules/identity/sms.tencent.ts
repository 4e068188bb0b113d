import type { SmsVendorSettings } from '../../config.ts';
import type { Clock } from '../../platform/clock.ts';
import { refusalError, tencentRefusal, unreachableError } from './sms.outcomes.ts';
import type { SmsMessage, SmsProvider, SmsSent } from './sms.provider.ts';
import { tc3Sign } from './sms.signing.ts';
import type { ResolvedTemplate } from './sms.templates.ts';

/** Tencent Cloud SMS API version; the body's content type as signed. */
export const TENCENT_SMS_VERSION = '2021-01-11';
export const TENCENT_CONTENT_TYPE = 'application/json; charset=utf-8';

interface TencentAnswer {
  Response?: {
    RequestId?: string;
    Error?: { Code: string; Message: string };
    SendStatusSet?: Array<{ SerialNo: string; PhoneNumber: string; Code: string; Message: string }>;
  };
}

/** A Chinese mobile number in E.164, as Tencent wants it: +86 and the 11 digits. */
export function e164(phone: string): string {
  return phone.startsWith('+') ? phone : `+86${phone}`;
}

/**
 * Tencent Cloud SMS (腾讯云短信) `SendSms` (API 2021-01-11), a JSON POST signed with TC3-HMAC-SHA256.
 * Templates take positional parameters (`TemplateParamSet`, in the template's order).
 * `SessionContext` is linli's message id; the `SerialNo` answered is what the status callback names.
 */
export class TencentSmsProvider implements SmsProvider {
  readonly name = 'tencent';
  private readonly settings: SmsVendorSettings;
  private readonly templateOf: (message: SmsMessage) => Promise<ResolvedTemplate>;
  private readonly clock: Clock;

  constructor(settings: SmsVendorSettings, templateOf: (message: SmsMessage) => Promise<ResolvedTemplate>, clock: Clock) {
    this.settings = settings;
    this.templateOf = templateOf;
    this.clock = clock;
  }

  async send(message: SmsMessage): Promise<SmsSent> {
    const template = await this.templateOf(message);
    const payload = JSON.stringify({
      PhoneNumberSet: [e164(message.phone)],
      SmsSdkAppId: this.settings.sdkAppId,
      SignName: template.signName,
      TemplateId: template.templateCode,
      TemplateParamSet: template.paramNames.map((n) => message.params[n] ?? ''),
      SessionContext: message.id,
    });
    const url = new URL(`${this.settings.baseUrl}/`);
    const timestamp = Math.floor(this.clock.now().getTime() / 1000);
    const { authorization } = tc3Sign(
      { service: 'sms', host: url.host, contentType: TENCENT_CONTENT_TYPE, payload, timestamp },
      this.settings.accessKeyId,
      this.settings.accessKeySecret,
    );
    let answer: TencentAnswer;
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: {
          authorization,
          'content-type': TENCENT_CONTENT_TYPE,
          'x-tc-action': 'SendSms',
          'x-tc-version': TENCENT_SMS_VERSION,
          'x-tc-timestamp': String(timestamp),
          'x-tc-region': this.settings.region,
        },
        body: payload,
        signal: AbortSignal.timeout(10_000),
      });
      answer = (await res.json()) as TencentAnswer;
    } catch (err) {
      throw unreachableError('tencent', (err as Error).message);
    }
    const error = answer.Response?.Error;
    if (error) throw refusalError(tencentRefusal(error.Code), 'tencent', error.Code, error.Message);
    const status = answer.Response?.SendStatusSet?.[0];
    if (!status) throw unreachableError('tencent', 'an answer without SendStatusSet');
    if (status.Code === 'Ok') return { providerMessageId: status.SerialNo };
    throw refusalError(tencentRefusal(status.Code), 'tencent', status.Code, status.Message);
  }
}
