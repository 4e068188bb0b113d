import { type Kysely, sql } from 'kysely';
import { runScript } from '../script.ts';

/**
 * Privacy and tenant-owned order numbers.
 *
 * - `audit_log`: who saw personal data in full (a staff member revealing a masked phone): who,
 *   with which roles, which record and field, from which address, when.
 * - Order numbers count per operator: one sequence per operator (`order_no_<md5 of its id>`),
 *   created by the first order of an operator that has none, so a number says nothing about
 *   another tenant's volume. A counter row per operator would serialise every checkout of a tenant
 *   on one row lock; a sequence does not lock. Existing operators continue from the old global
 *   sequence's next value, so no new number can repeat an old one; order numbers are now unique
 *   per operator. `linli_place_order` (0007) is replaced with the same signature and body, but
 *   for where the number comes from.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
create table audit_log (
  id text primary key,
  operator_id text not null,
  staff_id text not null references staff(id),
  staff_roles text[] not null,
  action text not null,
  record_kind text not null,
  record_id text not null,
  field text not null,
  ip text not null,
  created_at timestamptz not null
);
create index audit_log_operator_time on audit_log (operator_id, created_at desc, id desc);
alter table orders drop constraint orders_order_no_key;
alter table orders add constraint orders_operator_order_no_key unique (operator_id, order_no);
`,
  );

  // The first order of an operator without a sequence creates it; the advisory lock makes two such
  // first orders wait for each other instead of failing on the catalog's unique index.
  await sql
    .raw(`
create function linli_next_order_no(p_operator_id text) returns bigint
language plpgsql as $fn$
declare
  v_seq text := 'order_no_' || md5(p_operator_id);
begin
  if to_regclass(v_seq) is null then
    perform pg_advisory_xact_lock(hashtext(v_seq));
    execute format('create sequence if not exists %I', v_seq);
  end if;
  return nextval(v_seq::regclass);
end
$fn$;
`)
    .execute(db);

  await sql
    .raw(`
do $$
declare
  v_next bigint;
  v_operator record;
begin
  select case when is_called then last_value + 1 else last_value end into v_next from order_no_seq;
  for v_operator in select id from operators loop
    execute format('create sequence if not exists %I start with %s', 'order_no_' || md5(v_operator.id), v_next);
  end loop;
end
$$;
`)
    .execute(db);

  await sql
    .raw(`
create or replace function linli_place_order(
  p_order_id text, p_operator_id text, p_resident_id text, p_point_id text, p_leader_id text,
  p_pickup_date date, p_total_fen bigint, p_expires_at timestamptz, p_now timestamptz,
  p_payment_id text, p_provider text, p_idem_key text, p_request_hash text, p_codes text[],
  p_line_ids text[], p_campaign_ids text[], p_campaign_line_ids text[], p_sku_ids text[], p_titles text[],
  p_unit_prices bigint[], p_quantities int[], p_amounts bigint[], p_limits int[], p_event jsonb
) returns table (placed_order_no text, placed_pickup_code text)
language plpgsql as $fn$
declare
  v_code text;
  v_no text;
  v_line record;
begin
  if p_idem_key is not null then
    insert into idempotency_keys (operator_id, principal_id, key, request_hash, order_id, created_at)
    values (p_operator_id, p_resident_id, p_idem_key, p_request_hash, p_order_id, p_now)
    on conflict (operator_id, principal_id, key) do nothing;
    if not found then
      raise exception 'LINLI:DUPLICATE';
    end if;
  end if;

  foreach v_code in array p_codes loop
    insert into orders (id, operator_id, order_no, resident_id, pickup_point_id, leader_id, pickup_date, status,
                        pickup_code, total_fen, expires_at, created_at, updated_at)
    values (p_order_id, p_operator_id,
            to_char(p_now at time zone (select timezone from operators where id = p_operator_id), 'YYMMDD')
              || lpad(linli_next_order_no(p_operator_id)::text, 8, '0'),
            p_resident_id, p_point_id, p_leader_id, p_pickup_date, 'pending_payment',
            v_code, p_total_fen, p_expires_at, p_now, p_now)
    on conflict (pickup_point_id, pickup_date, pickup_code) do nothing
    returning orders.order_no into v_no;
    exit when v_no is not null;
  end loop;
  if v_no is null then
    raise exception 'LINLI:NO_PICKUP_CODE';
  end if;

  insert into order_lines (id, operator_id, order_id, campaign_id, campaign_line_id, sku_id, title, unit_price_fen, quantity, amount_fen)
  select x.id, p_operator_id, p_order_id, x.campaign_id, x.campaign_line_id, x.sku_id, x.title, x.unit_price_fen, x.quantity, x.amount_fen
  from unnest(p_line_ids, p_campaign_ids, p_campaign_line_ids, p_sku_ids, p_titles, p_unit_prices, p_quantities, p_amounts)
       as x(id, campaign_id, campaign_line_id, sku_id, title, unit_price_fen, quantity, amount_fen);

  insert into payments (id, operator_id, order_id, provider, amount_fen, status, created_at)
  values (p_payment_id, p_operator_id, p_order_id, p_provider, p_total_fen, 'pending', p_now);

  insert into outbox (operator_id, event_type, aggregate_id, payload, created_at)
  values (p_operator_id, 'order.placed', p_order_id, p_event, p_now);

  for v_line in
    select x.campaign_line_id, x.quantity, x.lim
    from unnest(p_campaign_line_ids, p_quantities, p_limits) as x(campaign_line_id, quantity, lim)
    where x.lim is not null
    order by x.campaign_line_id
  loop
    insert into resident_purchases as rp (operator_id, campaign_line_id, resident_id, quantity)
    values (p_operator_id, v_line.campaign_line_id, p_resident_id, v_line.quantity)
    on conflict (campaign_line_id, resident_id)
    do update set quantity = rp.quantity + excluded.quantity
    where rp.quantity + excluded.quantity <= v_line.lim;
    if not found then
      raise exception 'LINLI:LIMIT_EXCEEDED:%', v_line.campaign_line_id;
    end if;
  end loop;

  for v_line in
    select x.campaign_line_id, x.quantity
    from unnest(p_campaign_line_ids, p_quantities) as x(campaign_line_id, quantity)
    order by x.campaign_line_id
  loop
    update campaign_lines cl set reserved = cl.reserved + v_line.quantity
    where cl.id = v_line.campaign_line_id and cl.operator_id = p_operator_id
      and (cl.stock_total is null or cl.reserved + v_line.quantity <= cl.stock_total)
      and exists (select 1 from campaigns c where c.id = cl.campaign_id and c.status = 'open' and c.cutoff_at > p_now);
    if not found then
      raise exception 'LINLI:NOT_RESERVED:%', v_line.campaign_line_id;
    end if;
  end loop;

  return query select v_no, v_code;
end
$fn$;
`)
    .execute(db);

  await sql.raw('drop sequence order_no_seq').execute(db);
}
