import type { ColumnType } from 'kysely';
import type { Timestamp } from './schema.ts';

/** Table types of identity's SMS templates and delivery log (migration 0039, module identity). */

/** An operator's template of one message kind at one vendor. */
export interface SmsTemplatesTable {
  operator_id: string;
  provider: 'aliyun' | 'tencent';
  kind: string;
  template_code: string;
  sign_name: string | null;
  param_names: string[] | null;
  updated_at: Timestamp;
}

export type SmsStatus = 'queued' | 'sent' | 'delivered' | 'failed';

/** One SMS asked for, and what became of it. */
export interface SmsMessagesTable {
  id: string;
  operator_id: string | null;
  kind: string;
  phone: string;
  provider: string;
  provider_message_id: string | null;
  status: SmsStatus;
  error_code: string | null;
  error_message: string | null;
  /** The parameters sent; null for login codes, which are never stored. */
  params: ColumnType<Record<string, string> | null, string | null, string | null>;
  created_at: Timestamp;
  sent_at: Timestamp | null;
  reported_at: Timestamp | null;
  updated_at: Timestamp;
}

export interface SmsTables {
  sms_templates: SmsTemplatesTable;
  sms_messages: SmsMessagesTable;
}
