import type { Logger } from 'pino';

/**
 * What an SMS says. Each kind is one template at the vendor (its text is approved there, with a
 * sign name); linli sends the kind and its parameters, never free text.
 * - `login_code`: { code }
 * - `goods_arrived`: { point, code, hours } — the order is at the pickup point
 * - `pickup_reminder`: { point, code, hours } — goods still waiting
 * - `refund_notice`: { amount } — a refund was sent (yuan, e.g. "12.50")
 * - `postponement`: { point, date } — pickup moved to another day
 */
export type SmsKind = 'login_code' | 'goods_arrived' | 'pickup_reminder' | 'refund_notice' | 'postponement';

/** One SMS to send. `id` is linli's id of this message: the vendor's receipts name it back. */
export interface SmsMessage {
  id: string;
  /** The operator whose templates and sign name apply; absent for a login code asked before an operator is known. */
  operatorId?: string;
  phone: string;
  kind: SmsKind;
  params: Record<string, string>;
}

/** What the vendor answered: its own id of the message, for its delivery receipt. */
export interface SmsSent {
  providerMessageId: string;
}

/** Sends SMS. Real vendors (Aliyun, Tencent Cloud) are adapters behind this interface. */
export interface SmsProvider {
  readonly name: string;
  send(message: SmsMessage): Promise<SmsSent>;
}

/**
 * The built-in provider for development: sends nothing (a login code is answered to the client as
 * `devCode`), logs that a message was asked for with the phone masked, and remembers what it was
 * asked so the demo and tests can read it back. Parameters never go to the log: logs are shipped
 * and read by more people than the one receiving the message.
 */
export class DevSmsProvider implements SmsProvider {
  readonly name = 'dev';
  /** Every message asked for, oldest first. */
  readonly sent: SmsMessage[] = [];
  private readonly lastCodes = new Map<string, string>();
  private readonly log: Logger;

  constructor(log: Logger) {
    this.log = log;
  }

  async send(message: SmsMessage): Promise<SmsSent> {
    this.sent.push(message);
    if (message.kind === 'login_code' && message.params.code) this.lastCodes.set(message.phone, message.params.code);
    this.log.info({ phone: phoneForLog(message.phone), kind: message.kind, provider: 'dev' }, 'SMS not sent: dev provider');
    return { providerMessageId: `devsms_${message.id}` };
  }

  lastCode(phone: string): string | undefined {
    return this.lastCodes.get(phone);
  }
}

/** A phone for the log: the first three and the last two digits, e.g. 138******01. */
export function phoneForLog(phone: string): string {
  if (phone.length <= 5) return '*'.repeat(phone.length);
  return `${phone.slice(0, 3)}${'*'.repeat(phone.length - 5)}${phone.slice(-2)}`;
}
