-- Checkout's atomic write, the `reserve` step (ordering/checkout.reserve.ts makes the one call).
-- Owned by ordering; migrations load it (0030_checkout_function.ts says how a change reaches
-- databases: edit this file and add a migration that loads it again). One statement only.
--
-- The checks that need no lock (campaign open, leader, pickup date, limit per request) ran in the
-- server. This does the writes that must be atomic, in the order that keeps hot rows locked the
-- shortest: claim the idempotency key, write the order (trying the pickup codes the server drew
-- from its CSPRNG, numbered from the operator's own sequence), its lines, its pending payment and
-- its event, count per-resident limits, and reserve stock last, line by line in id order.
--
-- p_order, one named document (checkout.reserve.ts's PlaceOrderCall): order_id, operator_id,
-- resident_id, pickup_point_id, leader_id, pickup_date, total_fen, expires_at, now, payment_id,
-- provider, idempotency_key (or null), request_hash, pickup_codes[], event, lines[] of id,
-- campaign_id, campaign_line_id, sku_id, title, unit_price_fen, quantity, amount_fen,
-- per_resident_limit (or null), and promotions (or null: what linli_hold_promotions reads, owned
-- by promotions' hold-promotions.sql; it raises LN005–LN007).
--
-- A failure raises a SQLSTATE of class LN (linli's; PostgreSQL uses no class L) and the whole
-- statement rolls back; DETAIL holds the campaign line id, and only that, when the failure is a line's:
--   LN001  the idempotency key was claimed by an earlier submission
--   LN002  every pickup code candidate is taken at this pickup point and date
--   LN003  a per-resident limit would be exceeded (DETAIL: campaign line id)
--   LN004  a line could not be reserved: not enough stock, or its campaign closed (DETAIL: campaign line id)
create or replace function linli_place_order(p_order jsonb)
returns table (placed_order_no text, placed_pickup_code text)
language plpgsql as $fn$
declare
  v_order_id text := p_order->>'order_id';
  v_operator_id text := p_order->>'operator_id';
  v_resident_id text := p_order->>'resident_id';
  v_total_fen bigint := (p_order->>'total_fen')::bigint;
  v_now timestamptz := (p_order->>'now')::timestamptz;
  v_codes text[] := array(select c from jsonb_array_elements_text(p_order->'pickup_codes') with ordinality as x(c, n) order by n);
  v_code text;
  v_no text;
  v_line record;
begin
  if p_order->>'idempotency_key' is not null then
    insert into idempotency_keys (operator_id, principal_id, key, request_hash, order_id, created_at)
    values (v_operator_id, v_resident_id, p_order->>'idempotency_key', p_order->>'request_hash', v_order_id, v_now)
    on conflict (operator_id, principal_id, key) do nothing;
    if not found then
      raise exception using errcode = 'LN001', message = 'this idempotency key was claimed by an earlier submission';
    end if;
  end if;

  foreach v_code in array v_codes loop
    insert into orders (id, operator_id, order_no, resident_id, pickup_point_id, leader_id, pickup_date, status,
                        pickup_code, total_fen, expires_at, created_at, updated_at)
    values (v_order_id, v_operator_id,
            to_char(v_now at time zone (select timezone from operators where id = v_operator_id), 'YYMMDD')
              || lpad(linli_next_order_no(v_operator_id)::text, 8, '0'),
            v_resident_id, p_order->>'pickup_point_id', p_order->>'leader_id', (p_order->>'pickup_date')::date, 'pending_payment',
            v_code, v_total_fen, (p_order->>'expires_at')::timestamptz, v_now, v_now)
    on conflict (pickup_point_id, pickup_date, pickup_code) do nothing
    returning orders.order_no into v_no;
    exit when v_no is not null;
  end loop;
  if v_no is null then
    raise exception using errcode = 'LN002', message = 'every pickup code candidate is taken at this pickup point and date';
  end if;

  insert into order_lines (id, operator_id, order_id, campaign_id, campaign_line_id, sku_id, title, unit_price_fen, quantity, amount_fen)
  select x.id, v_operator_id, v_order_id, x.campaign_id, x.campaign_line_id, x.sku_id, x.title, x.unit_price_fen, x.quantity, x.amount_fen
  from jsonb_to_recordset(p_order->'lines')
       as x(id text, campaign_id text, campaign_line_id text, sku_id text, title text, unit_price_fen bigint, quantity int, amount_fen bigint);

  insert into payments (id, operator_id, order_id, provider, amount_fen, status, created_at)
  values (p_order->>'payment_id', v_operator_id, v_order_id, p_order->>'provider', v_total_fen, 'pending', v_now);

  insert into outbox (operator_id, event_type, aggregate_id, payload, created_at)
  values (v_operator_id, 'order.placed', v_order_id, p_order->'event', v_now);

  -- Coupons held and discounts recorded by promotions' own function (LN005–LN007, see there).
  if jsonb_typeof(p_order->'promotions') = 'object' then
    perform linli_hold_promotions(p_order);
  end if;

  for v_line in
    select x.campaign_line_id, x.quantity, x.per_resident_limit as lim
    from jsonb_to_recordset(p_order->'lines') as x(campaign_line_id text, quantity int, per_resident_limit int)
    where x.per_resident_limit is not null
    order by x.campaign_line_id
  loop
    insert into resident_purchases as rp (operator_id, campaign_line_id, resident_id, quantity)
    values (v_operator_id, v_line.campaign_line_id, v_resident_id, v_line.quantity)
    on conflict (campaign_line_id, resident_id)
    do update set quantity = rp.quantity + excluded.quantity
    where rp.quantity + excluded.quantity <= v_line.lim;
    if not found then
      raise exception using errcode = 'LN003', message = 'a per-resident limit would be exceeded', detail = v_line.campaign_line_id;
    end if;
  end loop;

  for v_line in
    select x.campaign_line_id, x.quantity
    from jsonb_to_recordset(p_order->'lines') as x(campaign_line_id text, quantity int)
    order by x.campaign_line_id
  loop
    update campaign_lines cl set reserved = cl.reserved + v_line.quantity
    where cl.id = v_line.campaign_line_id and cl.operator_id = v_operator_id
      and (cl.stock_total is null or cl.reserved + v_line.quantity <= cl.stock_total)
      and exists (select 1 from campaigns c where c.id = cl.campaign_id and c.status = 'open' and c.cutoff_at > v_now);
    if not found then
      raise exception using errcode = 'LN004', message = 'a line could not be reserved', detail = v_line.campaign_line_id;
    end if;
  end loop;

  return query select v_no, v_code;
end
$fn$;
