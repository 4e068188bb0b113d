import type { Logger } from 'pino';

/** Sends one-time login codes. Real vendors get an adapter behind this interface. */
export interface SmsProvider {
  readonly name: string;
  sendLoginCode(phone: string, code: string): Promise<void>;
}

/**
 * The built-in provider for development: sends nothing (the code is answered to the client as
 * `devCode`), logs that a code was asked for with the phone masked, and remembers the last code
 * per phone so the demo and tests can read it back. The code itself never goes to the log: logs
 * are shipped and read by more people than the one logging in.
 */
export class DevSmsProvider implements SmsProvider {
  readonly name = 'dev';
  private readonly last = new Map<string, string>();
  private readonly log: Logger;

  constructor(log: Logger) {
    this.log = log;
  }

  async sendLoginCode(phone: string, code: string): Promise<void> {
    this.last.set(phone, code);
    this.log.info({ phone: phoneForLog(phone), provider: 'dev' }, 'SMS login code issued (not sent: dev provider)');
  }

  lastCode(phone: string): string | undefined {
    return this.last.get(phone);
  }
}

/** A phone for the log: the first three and the last two digits, e.g. 138******01. */
export function phoneForLog(phone: string): string {
  if (phone.length <= 5) return '*'.repeat(phone.length);
  return `${phone.slice(0, 3)}${'*'.repeat(phone.length - 5)}${phone.slice(-2)}`;
}
