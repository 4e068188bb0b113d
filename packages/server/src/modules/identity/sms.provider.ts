import type { Logger } from 'pino';

/** Sends one-time login codes. Real vendors get an adapter behind this interface. */
export interface SmsProvider {
  readonly name: string;
  sendLoginCode(phone: string, code: string): Promise<void>;
}

/**
 * The built-in provider: writes the code to the log instead of sending it, and remembers the
 * last code per phone so the demo and tests can read it back.
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
    this.log.info({ phone, code, provider: 'dev' }, `SMS login code for ${phone}: ${code}`);
  }

  lastCode(phone: string): string | undefined {
    return this.last.get(phone);
  }
}
