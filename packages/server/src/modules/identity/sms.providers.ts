import type { Logger } from 'pino';
import type { Config } from '../../config.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Database } from '../../platform/db/database.ts';
import { AliyunSmsProvider } from './sms.aliyun.ts';
import { DevSmsProvider, type SmsProvider } from './sms.provider.ts';
import { TencentSmsProvider } from './sms.tencent.ts';
import { templateOf } from './sms.templates.ts';

/** The configured SMS provider: a vendor reads its templates from the database at each send. */
export function createSmsProvider(config: Pick<Config, 'smsProvider' | 'smsVendor'>, db: Database, clock: Clock, log: Logger): SmsProvider {
  const vendor = config.smsVendor;
  if (!vendor) return new DevSmsProvider(log);
  const templates = (message: Parameters<SmsProvider['send']>[0]) => templateOf(db, vendor, message);
  return vendor.vendor === 'aliyun' ? new AliyunSmsProvider(vendor, templates, clock) : new TencentSmsProvider(vendor, templates, clock);
}
