import { randomBytes } from 'node:crypto';
import type { SmsVendorSettings } from '../../config.ts';
import type { Clock } from '../../platform/clock.ts';
import { aliyunRefusal, refusalError, unreachableError } from './sms.outcomes.ts';
import type { SmsMessage, SmsProvider, SmsSent } from './sms.provider.ts';
import { acs3Sign, acsCanonicalQuery, sha256Hex } from './sms.signing.ts';
import type { ResolvedTemplate } from './sms.templates.ts';

/** Dysmsapi's API version and the action linli calls. */
export const ALIYUN_SMS_VERSION = '2017-05-25';

/** An Aliyun SendSms answer: Code `OK` with the BizId, or the refusal's code and message. */
interface AliyunAnswer {
  RequestId?: string;
  Code?: string;
  Message?: string;
  BizId?: string;
}

/**
 * Aliyun SMS (阿里云短信服务, Dysmsapi) `SendSms`, RPC style, signed with the OpenAPI V3 signature
 * (ACS3-HMAC-SHA256). The parameters travel in the query; the body is empty. `OutId` is linli's
 * message id, which the delivery receipt names back with the BizId.
 */
export class AliyunSmsProvider implements SmsProvider {
  readonly name = 'aliyun';
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
    const query: Record<string, string> = {
      PhoneNumbers: message.phone,
      SignName: template.signName,
      TemplateCode: template.templateCode,
      TemplateParam: JSON.stringify(Object.fromEntries(template.paramNames.map((n) => [n, message.params[n] ?? '']))),
      OutId: message.id,
    };
    const url = new URL(`${this.settings.baseUrl}/`);
    const payloadHash = sha256Hex('');
    const headers: Record<string, string> = {
      host: url.host,
      'x-acs-action': 'SendSms',
      'x-acs-version': ALIYUN_SMS_VERSION,
      'x-acs-date': this.clock
        .now()
        .toISOString()
        .replace(/\.\d{3}Z$/, 'Z'),
      'x-acs-signature-nonce': randomBytes(16).toString('hex'),
      'x-acs-content-sha256': payloadHash,
    };
    const { authorization } = acs3Sign(
      { method: 'POST', path: '/', query, headers, payloadHash },
      this.settings.accessKeyId,
      this.settings.accessKeySecret,
    );
    const { host: _, ...sent } = headers;
    let answer: AliyunAnswer;
    try {
      const res = await fetch(`${url.origin}/?${acsCanonicalQuery(query)}`, {
        method: 'POST',
        headers: { ...sent, authorization, accept: 'application/json' },
        signal: AbortSignal.timeout(10_000),
      });
      answer = (await res.json()) as AliyunAnswer;
    } catch (err) {
      throw unreachableError('aliyun', (err as Error).message);
    }
    if (answer.Code === 'OK' && answer.BizId) return { providerMessageId: answer.BizId };
    if (typeof answer.Code !== 'string') throw unreachableError('aliyun', 'an answer without Code');
    throw refusalError(aliyunRefusal(answer.Code), 'aliyun', answer.Code, answer.Message ?? '');
  }
}
