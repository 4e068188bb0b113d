-- Checkout's atomic write for a batch of orders (ordering/checkout.reserve.ts's reserveOrders): what
-- linli_place_order (place-order.sql) writes for each document of p_orders, written set-based, one
-- statement per table for the whole batch instead of ten per order. A crowd's orders that all take
-- the same hot rows (a flash sale's winners) are written in one transaction and one commit.
-- Owned by ordering; migrations load it (0065_place_orders_batch.ts; a change needs a migration that
-- loads it again, see 0030). One statement only.
--
-- p_orders is a JSON array of linli_place_order's documents (checkout.reserve.ts's PlaceOrderCall).
-- All or nothing: any order's failure raises the SQLSTATE linli_place_order would raise for it
-- (LN001–LN007, see there; DETAIL names the line, coupon or promotion) and nothing is written;
-- the caller then places each order on its own so that each gets its own answer. As every order
-- adds to counts that only grow (per-resident purchases, a line's reserved stock), the batch passes
-- exactly when the orders one after the other would: each count is checked once, at its total.
-- Promotions are held by their module's batch function (promotions' hold-promotions-batch.sql).
-- The same lock order as one order's: keys, orders, promotions, per-resident counts (line, then
-- resident), and the lines' stock last, in line id order.
--
-- Returns one row per document: its position in p_orders (from 1), order number and pickup code.
create or replace function linli_place_orders(p_orders jsonb)
returns table (placed_n bigint, placed_order_no text, placed_pickup_code text)
language plpgsql as $fn$
declare
  v_total bigint := jsonb_array_length(p_orders);
  v_want bigint;
  v_count bigint;
  v_placed bigint := 0;
  v_k int;
  v_line record;
begin
  select count(*) into v_want from jsonb_array_elements(p_orders) as d(doc) where d.doc->>'idempotency_key' is not null;
  if v_want > 0 then
    insert into idempotency_keys (operator_id, principal_id, key, request_hash, order_id, created_at)
    select d.doc->>'operator_id', d.doc->>'resident_id', d.doc->>'idempotency_key', d.doc->>'request_hash', d.doc->>'order_id',
           (d.doc->>'now')::timestamptz
    from jsonb_array_elements(p_orders) as d(doc)
    where d.doc->>'idempotency_key' is not null
    on conflict (operator_id, principal_id, key) do nothing;
    get diagnostics v_count = row_count;
    if v_count < v_want then
      raise exception using errcode = 'LN001', message = 'an idempotency key was claimed by an earlier submission';
    end if;
  end if;

  -- Every order with its first pickup code candidate, then the few whose code was taken with their
  -- next one, round after round, until every order is written or a candidate list runs out.
  for v_k in 0 .. (select coalesce(max(jsonb_array_length(d.doc->'pickup_codes')), 0) - 1 from jsonb_array_elements(p_orders) as d(doc))
  loop
    insert into orders (id, operator_id, order_no, resident_id, pickup_point_id, leader_id, pickup_date, status,
                        pickup_code, total_fen, expires_at, created_at, updated_at)
    select d.doc->>'order_id', op.id,
           to_char((d.doc->>'now')::timestamptz at time zone op.timezone, 'YYMMDD') || lpad(linli_next_order_no(op.id)::text, 8, '0'),
           d.doc->>'resident_id', d.doc->>'pickup_point_id', d.doc->>'leader_id', (d.doc->>'pickup_date')::date, 'pending_payment',
           d.doc->'pickup_codes'->>v_k, (d.doc->>'total_fen')::bigint, (d.doc->>'expires_at')::timestamptz,
           (d.doc->>'now')::timestamptz, (d.doc->>'now')::timestamptz
    from jsonb_array_elements(p_orders) with ordinality as d(doc, n)
    join operators op on op.id = d.doc->>'operator_id'
    where d.doc->'pickup_codes'->>v_k is not null
      and (v_k = 0 or not exists (select 1 from orders o where o.id = d.doc->>'order_id'))
    order by d.n
    on conflict (pickup_point_id, pickup_date, pickup_code) do nothing;
    get diagnostics v_count = row_count;
    v_placed := v_placed + v_count;
    exit when v_placed = v_total;
  end loop;
  if v_placed < v_total then
    raise exception using errcode = 'LN002', message = 'every pickup code candidate is taken at this pickup point and date';
  end if;

  insert into order_lines (id, operator_id, order_id, campaign_id, campaign_line_id, sku_id, title, unit_price_fen, quantity, amount_fen)
  select x.id, d.doc->>'operator_id', d.doc->>'order_id', x.campaign_id, x.campaign_line_id, x.sku_id, x.title, x.unit_price_fen,
         x.quantity, x.amount_fen
  from jsonb_array_elements(p_orders) with ordinality as d(doc, n),
       jsonb_to_recordset(d.doc->'lines')
         as x(id text, campaign_id text, campaign_line_id text, sku_id text, title text, unit_price_fen bigint, quantity int, amount_fen bigint)
  order by d.n;

  insert into payments (id, operator_id, order_id, provider, amount_fen, status, created_at)
  select d.doc->>'payment_id', d.doc->>'operator_id', d.doc->>'order_id', d.doc->>'provider', (d.doc->>'total_fen')::bigint, 'pending',
         (d.doc->>'now')::timestamptz
  from jsonb_array_elements(p_orders) with ordinality as d(doc, n)
  order by d.n;

  insert into outbox (operator_id, event_type, aggregate_id, payload, created_at)
  select d.doc->>'operator_id', 'order.placed', d.doc->>'order_id', d.doc->'event', (d.doc->>'now')::timestamptz
  from jsonb_array_elements(p_orders) with ordinality as d(doc, n)
  order by d.n;

  -- Coupons held and discounts recorded by promotions' own function, for the whole batch (LN005–LN007).
  if exists (select 1 from jsonb_array_elements(p_orders) as d(doc) where jsonb_typeof(d.doc->'promotions') = 'object') then
    perform linli_hold_promotions_batch(p_orders);
  end if;

  -- Per-resident limits: one statement per limited line for every resident of the batch.
  for v_line in
    select x.campaign_line_id, min(x.per_resident_limit) as lim, count(distinct d.doc->>'resident_id') as residents
    from jsonb_array_elements(p_orders) as d(doc),
         jsonb_to_recordset(d.doc->'lines') as x(campaign_line_id text, per_resident_limit int)
    where x.per_resident_limit is not null
    group by x.campaign_line_id
    order by x.campaign_line_id
  loop
    insert into resident_purchases as rp (operator_id, campaign_line_id, resident_id, quantity)
    select min(d.doc->>'operator_id'), x.campaign_line_id, d.doc->>'resident_id', sum(x.quantity)
    from jsonb_array_elements(p_orders) as d(doc),
         jsonb_to_recordset(d.doc->'lines') as x(campaign_line_id text, quantity int)
    where x.campaign_line_id = v_line.campaign_line_id
    group by x.campaign_line_id, d.doc->>'resident_id'
    having sum(x.quantity) <= v_line.lim
    order by d.doc->>'resident_id'
    on conflict (campaign_line_id, resident_id)
    do update set quantity = rp.quantity + excluded.quantity
    where rp.quantity + excluded.quantity <= v_line.lim;
    get diagnostics v_count = row_count;
    if v_count < v_line.residents then
      raise exception using errcode = 'LN003', message = 'a per-resident limit would be exceeded', detail = v_line.campaign_line_id;
    end if;
  end loop;

  -- Stock last, line by line in id order, each line once for the batch's total.
  for v_line in
    select x.campaign_line_id, min(d.doc->>'operator_id') as operator_id, sum(x.quantity) as quantity,
           max((d.doc->>'now')::timestamptz) as at
    from jsonb_array_elements(p_orders) as d(doc),
         jsonb_to_recordset(d.doc->'lines') as x(campaign_line_id text, quantity int)
    group by x.campaign_line_id
    order by x.campaign_line_id
  loop
    update campaign_lines cl set reserved = cl.reserved + v_line.quantity
    where cl.id = v_line.campaign_line_id and cl.operator_id = v_line.operator_id
      and (cl.stock_total is null or cl.reserved + v_line.quantity <= cl.stock_total)
      and exists (select 1 from campaigns c where c.id = cl.campaign_id and c.status = 'open' and c.cutoff_at > v_line.at);
    if not found then
      raise exception using errcode = 'LN004', message = 'a line could not be reserved', detail = v_line.campaign_line_id;
    end if;
  end loop;

  return query
    select d.n, o.order_no, o.pickup_code
    from jsonb_array_elements(p_orders) with ordinality as d(doc, n)
    join orders o on o.id = d.doc->>'order_id'
    order by d.n;
end
$fn$;
