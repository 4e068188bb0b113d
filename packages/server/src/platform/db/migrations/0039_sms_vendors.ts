import type { Kysely } from 'kysely';
import { runScript } from '../script.ts';

/**
 * SMS through a vendor (module identity). `sms_templates`: an operator's template per message kind
 * at one vendor (Aliyun's template code or Tencent's template id, the sign name, and for Tencent
 * the parameters' order); the installation's environment gives the defaults. `sms_messages`: the
 * delivery log, one row per SMS asked for (queued → sent → delivered or failed), updated by the
 * vendor's answer and its delivery receipt. A login code's parameters are never stored.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
create table sms_templates (
  operator_id text not null,
  provider text not null check (provider in ('aliyun', 'tencent')),
  kind text not null,
  template_code text not null,
  sign_name text,
  param_names text[],
  updated_at timestamptz not null,
  primary key (operator_id, provider, kind)
);
create table sms_messages (
  id text primary key,
  operator_id text,
  kind text not null,
  phone text not null,
  provider text not null,
  provider_message_id text,
  status text not null check (status in ('queued', 'sent', 'delivered', 'failed')),
  error_code text,
  error_message text,
  params jsonb,
  created_at timestamptz not null,
  sent_at timestamptz,
  reported_at timestamptz,
  updated_at timestamptz not null
);
create index sms_messages_operator on sms_messages (operator_id, created_at desc, id);
create index sms_messages_vendor_id on sms_messages (provider, provider_message_id);
`,
  );
}
