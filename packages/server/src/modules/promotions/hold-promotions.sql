-- What checkout's one statement does for promotions (ordering's place-order.sql calls it after the
-- order and its lines are written, before stock is reserved). Owned by promotions; migrations load
-- it (0040_promotions.ts, 0049, 0068; a change needs a migration that loads it again, see 0030).
--
-- p_order is checkout's document; this reads order_id, operator_id, resident_id, leader_id, now and
-- promotions: { coupon_id (or null), coupon_promotion_id (the promotion the coupon was priced as),
-- uses[] of promotion_id, coupon_id, amount_fen, counted, per_resident_limit (or null), lines[] of
-- order_line_id, amount_fen (its part of each line) }.
--
-- Holds the coupon (available, the resident's, valid now, of that promotion), counts each use per resident (its
-- limit) and, for a promotion with a budget or a total limit, its use and spend (re-checking that
-- it is under its budget and, when automatic, active, in its window and under its limit: checkout
-- priced it from a copy that may be two seconds old; a coupon already issued is usable in its own
-- window whatever its promotion's status), then records the order's discounts, each with its
-- parts per line in `lines` (one row per promotion: see 0049). Raises, rolling the
-- whole checkout back, with DETAIL the coupon or promotion id:
--   LN005  the coupon cannot be used (used meanwhile, expired, not the resident's, or of another promotion)
--   LN006  the promotion is no longer available (paused, ended, total limit reached, budget spent)
--   LN007  the resident has used the promotion as often as it allows
create or replace function linli_hold_promotions(p_order jsonb)
returns void
language plpgsql as $fn$
declare
  v_order_id text := p_order->>'order_id';
  v_operator_id text := p_order->>'operator_id';
  v_resident_id text := p_order->>'resident_id';
  v_now timestamptz := (p_order->>'now')::timestamptz;
  v_p jsonb := p_order->'promotions';
  v_use record;
begin
  if v_p->>'coupon_id' is not null then
    update coupons set status = 'held', order_id = v_order_id
    where id = v_p->>'coupon_id' and operator_id = v_operator_id and resident_id = v_resident_id
      and status = 'available' and valid_from <= v_now and valid_until > v_now
      -- priced as of this promotion (checkout may take it from the client, unlooked-up: 0068)
      and (v_p->>'coupon_promotion_id' is null or promotion_id = v_p->>'coupon_promotion_id');
    if not found then
      raise exception using errcode = 'LN005', message = 'the coupon cannot be used', detail = v_p->>'coupon_id';
    end if;
  end if;

  for v_use in
    select x.promotion_id, x.amount_fen, x.counted, x.per_resident_limit
    from jsonb_to_recordset(v_p->'uses') as x(promotion_id text, amount_fen bigint, counted boolean, per_resident_limit int)
    order by x.promotion_id
  loop
    if v_use.per_resident_limit is not null then
      insert into promotion_resident_uses as u (promotion_id, resident_id, operator_id, uses)
      values (v_use.promotion_id, v_resident_id, v_operator_id, 1)
      on conflict (promotion_id, resident_id) do update set uses = u.uses + 1
      where u.uses + 1 <= v_use.per_resident_limit;
      if not found then
        raise exception using errcode = 'LN007', message = 'the promotion was used as often as it allows', detail = v_use.promotion_id;
      end if;
    end if;
    if v_use.counted then
      update promotions p set used_count = p.used_count + 1, spent_fen = p.spent_fen + v_use.amount_fen, updated_at = v_now
      where p.id = v_use.promotion_id and p.operator_id = v_operator_id
        and (p.trigger = 'coupon' or (p.status = 'active' and p.starts_at <= v_now and p.ends_at > v_now))
        and (p.trigger = 'coupon' or p.total_limit is null or p.used_count < p.total_limit)
        and (p.budget_fen is null or p.spent_fen + v_use.amount_fen <= p.budget_fen);
      if not found then
        raise exception using errcode = 'LN006', message = 'the promotion is no longer available', detail = v_use.promotion_id;
      end if;
    end if;
  end loop;

  insert into order_discounts (order_id, promotion_id, operator_id, resident_id, leader_id, coupon_id, amount_fen, lines, created_at)
  select v_order_id, x.promotion_id, v_operator_id, v_resident_id, p_order->>'leader_id', x.coupon_id, x.amount_fen, x.lines, v_now
  from jsonb_to_recordset(v_p->'uses') as x(promotion_id text, coupon_id text, amount_fen bigint, lines jsonb);
end
$fn$;
