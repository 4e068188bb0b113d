-- What ordering's batch write (place-orders.sql) does for promotions: linli_hold_promotions for every
-- document of p_orders that has promotions, set-based. Owned by promotions; migrations load it
-- (0065_place_orders_batch.ts; a change needs a migration that loads it again, see 0030).
--
-- p_orders is a JSON array of checkout's documents (see hold-promotions.sql for what is read).
-- One statement per promotion instead of three per order: a crowd's orders that all use one
-- promotion (a flash sale's) count it once, where order after order would update its row once
-- each, every update walking the row's versions the earlier ones left in the same transaction.
-- The batch passes exactly when the orders one after the other would (uses and spend only grow,
-- so each limit is checked once, at the batch's total) and raises what linli_hold_promotions
-- raises (LN005–LN007, DETAIL the coupon or promotion id); the caller then places each on its own.
-- Lock order as for one order: coupons, then per promotion in id order its residents' uses, then
-- its row.
create or replace function linli_hold_promotions_batch(p_orders jsonb)
returns void
language plpgsql as $fn$
declare
  v_want bigint;
  v_count bigint;
  v_missing text;
  v_use record;
begin
  select count(*) into v_want from jsonb_array_elements(p_orders) as d(doc) where d.doc->'promotions'->>'coupon_id' is not null;
  if v_want > 0 then
    update coupons c set status = 'held', order_id = d.order_id
    from (
      select x.doc->'promotions'->>'coupon_id' as coupon_id, x.doc->>'order_id' as order_id, x.doc->>'operator_id' as operator_id,
             x.doc->>'resident_id' as resident_id, (x.doc->>'now')::timestamptz as at
      from jsonb_array_elements(p_orders) as x(doc)
      where x.doc->'promotions'->>'coupon_id' is not null
      order by 1
    ) d
    where c.id = d.coupon_id and c.operator_id = d.operator_id and c.resident_id = d.resident_id
      and c.status = 'available' and c.valid_from <= d.at and c.valid_until > d.at;
    get diagnostics v_count = row_count;
    if v_count < v_want then
      select x.doc->'promotions'->>'coupon_id' into v_missing
      from jsonb_array_elements(p_orders) with ordinality as x(doc, n)
      where x.doc->'promotions'->>'coupon_id' is not null
        and not exists (select 1 from coupons c where c.id = x.doc->'promotions'->>'coupon_id' and c.order_id = x.doc->>'order_id')
      order by x.n limit 1;
      raise exception using errcode = 'LN005', message = 'the coupon cannot be used', detail = v_missing;
    end if;
  end if;

  for v_use in
    select u.promotion_id, min(d.doc->>'operator_id') as operator_id,
           min(u.per_resident_limit) as lim, count(distinct d.doc->>'resident_id') filter (where u.per_resident_limit is not null) as residents,
           count(*) filter (where u.counted) as counted, coalesce(sum(u.amount_fen) filter (where u.counted), 0) as amount_fen,
           min((d.doc->>'now')::timestamptz) as first_at, max((d.doc->>'now')::timestamptz) as last_at
    from jsonb_array_elements(p_orders) as d(doc),
         jsonb_to_recordset(d.doc->'promotions'->'uses') as u(promotion_id text, amount_fen bigint, counted boolean, per_resident_limit int)
    where jsonb_typeof(d.doc->'promotions') = 'object'
    group by u.promotion_id
    order by u.promotion_id
  loop
    if v_use.residents > 0 then
      insert into promotion_resident_uses as r (promotion_id, resident_id, operator_id, uses)
      select u.promotion_id, d.doc->>'resident_id', min(d.doc->>'operator_id'), count(*)
      from jsonb_array_elements(p_orders) as d(doc),
           jsonb_to_recordset(d.doc->'promotions'->'uses') as u(promotion_id text, per_resident_limit int)
      where jsonb_typeof(d.doc->'promotions') = 'object' and u.promotion_id = v_use.promotion_id and u.per_resident_limit is not null
      group by u.promotion_id, d.doc->>'resident_id'
      having count(*) <= v_use.lim
      order by d.doc->>'resident_id'
      on conflict (promotion_id, resident_id) do update set uses = r.uses + excluded.uses
      where r.uses + excluded.uses <= v_use.lim;
      get diagnostics v_count = row_count;
      if v_count < v_use.residents then
        raise exception using errcode = 'LN007', message = 'the promotion was used as often as it allows', detail = v_use.promotion_id;
      end if;
    end if;
    if v_use.counted > 0 then
      update promotions p set used_count = p.used_count + v_use.counted, spent_fen = p.spent_fen + v_use.amount_fen, updated_at = v_use.last_at
      where p.id = v_use.promotion_id and p.operator_id = v_use.operator_id
        and (p.trigger = 'coupon' or (p.status = 'active' and p.starts_at <= v_use.first_at and p.ends_at > v_use.last_at))
        and (p.trigger = 'coupon' or p.total_limit is null or p.used_count + v_use.counted <= p.total_limit)
        and (p.budget_fen is null or p.spent_fen + v_use.amount_fen <= p.budget_fen);
      if not found then
        raise exception using errcode = 'LN006', message = 'the promotion is no longer available', detail = v_use.promotion_id;
      end if;
    end if;
  end loop;

  insert into order_discounts (order_id, promotion_id, operator_id, resident_id, leader_id, coupon_id, amount_fen, lines, created_at)
  select d.doc->>'order_id', x.promotion_id, d.doc->>'operator_id', d.doc->>'resident_id', d.doc->>'leader_id', x.coupon_id, x.amount_fen,
         x.lines, (d.doc->>'now')::timestamptz
  from jsonb_array_elements(p_orders) with ordinality as d(doc, n),
       jsonb_to_recordset(d.doc->'promotions'->'uses') as x(promotion_id text, coupon_id text, amount_fen bigint, lines jsonb)
  where jsonb_typeof(d.doc->'promotions') = 'object'
  order by d.n;
end
$fn$;
