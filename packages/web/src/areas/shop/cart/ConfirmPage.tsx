import * as shop from '@linli/contracts/shop';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, List, NavBar, Popup } from 'antd-mobile';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useNavigate, useParams } from 'react-router';
import { ApiError } from '../../../common/api.ts';
import { type NotAppliedWhy, couponOptions, discountLabel, notAppliedText } from '../../../common/coupon.ts';
import { shortDateTime, yuan } from '../../../common/format.ts';
import { errorText } from '../../../common/i18n.ts';
import { validate } from '../../../common/validation.ts';
import { QueryState } from '../../../mobile/QueryState.tsx';
import { api, keys, newIdempotencyKey, useCampaigns } from '../api.ts';
import { type CartGroup, groupCart, orderLines } from '../cart.ts';
import { useCart } from '../cartStore.ts';
import { CouponCard } from '../coupons/CouponCard.tsx';
import type { Coupon, PlacedOrder, Quote } from '../types.ts';
import { useNow } from '../useNow.ts';
import { PaySheet } from './PaySheet.tsx';

/** The coupon wanted: undefined lets the server pick the best one, null is none, else that coupon. */
export type CouponChoice = string | null | undefined;

/** The body of a quote or an order: the lines, and the coupon when one is chosen (left out for the server's pick). */
export function pricedBody(lines: shop.PlaceOrder['lines'], couponId: CouponChoice): shop.PlaceOrder & { couponId?: string | null } {
  return couponId === undefined ? { lines } : { lines, couponId };
}

const couponErrors = new Set(['COUPON_UNAVAILABLE', 'COUPON_NOT_APPLICABLE']);

/** A failure's text, with the reason a coupon does not apply when the server gave one. */
function failureText(t: ReturnType<typeof useTranslation>['t'], err: unknown): string {
  const why = err instanceof ApiError ? (err.details?.why as NotAppliedWhy | undefined) : undefined;
  return why?.reason ? `${errorText(t, err)}: ${notAppliedText(t, why)}` : errorText(t, err);
}

function CouponPicker({
  quote,
  visible,
  onClose,
  onPick,
}: {
  quote: Quote;
  visible: boolean;
  onClose: () => void;
  onPick: (couponId: string | null) => void;
}) {
  const { t } = useTranslation('shop');
  const options = couponOptions<Coupon>(quote);
  return (
    <Popup
      visible={visible}
      onMaskClick={onClose}
      bodyStyle={{ borderTopLeftRadius: 16, borderTopRightRadius: 16, maxHeight: '75vh', overflowY: 'auto' }}
    >
      <div className="shop-pay" data-testid="coupon-picker">
        <div className="ll-row" style={{ marginBottom: 8 }}>
          <b>{t('confirm.pickCoupon')}</b>
          <Button size="small" fill="none" onClick={onClose}>
            {t('common:close')}
          </Button>
        </div>
        {options.map((o) => (
          <button
            key={o.coupon.id}
            type="button"
            className="shop-coupon-pick"
            disabled={!o.usable}
            onClick={() => onPick(o.coupon.id)}
            data-testid="coupon-option"
            data-coupon-id={o.coupon.id}
            aria-pressed={o.applied}
          >
            <CouponCard
              terms={o.coupon}
              name={o.coupon.name}
              thresholdFen={o.coupon.thresholdFen}
              newcomerOnly={o.coupon.newcomerOnly}
              grey={!o.usable}
              selected={o.applied}
              validity={t('confirm.couponUntil', { time: shortDateTime(o.coupon.validUntil) })}
              notes={
                o.why && (
                  <div className={o.usable ? 'shop-coupon-note' : 'shop-coupon-why'} data-testid="coupon-why">
                    {notAppliedText(t, o.why)}
                  </div>
                )
              }
            />
          </button>
        ))}
        <Button block onClick={() => onPick(null)} color={quote.couponId === null ? 'primary' : 'default'} data-testid="coupon-none">
          {t('confirm.noCoupon')}
        </Button>
      </div>
    </Popup>
  );
}

function Confirm({ group }: { group: CartGroup }) {
  const { t } = useTranslation('shop');
  const navigate = useNavigate();
  const client = useQueryClient();
  const campaigns = useCampaigns();
  const [, updateCart] = useCart();
  const [choice, setChoice] = useState<CouponChoice>(undefined);
  const [picking, setPicking] = useState(false);
  const [placing, setPlacing] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [placed, setPlaced] = useState<PlacedOrder | null>(null);
  // One Idempotency-Key per checkout attempt: a retry of the same order sends the same key.
  const attempt = useRef<{ body: string; key: string } | null>(null);
  const lines = orderLines(group);
  const quote = useQuery({
    queryKey: ['shop', 'quote', lines, choice === undefined ? 'best' : choice],
    queryFn: () => api.post<Quote>('shop/orders/quote', pricedBody(lines, choice)),
    placeholderData: keepPreviousData,
    staleTime: 0,
    enabled: placed === null,
  });
  const q = quote.isPlaceholderData ? undefined : quote.data;
  const chosenFailed = quote.isError && choice && quote.error instanceof ApiError && couponErrors.has(quote.error.code);

  const place = async () => {
    setFailure(null);
    const checked = validate(shop.PlaceOrder, { lines }, t);
    if (!checked.ok) return setFailure(Object.values(checked.fields).join('; '));
    // The order takes the coupon the quote shows (none when the quote could not be made), named with
    // its promotion so the server prices it without looking it up again.
    const shown = q?.coupons.find((c) => c.id === q.couponId);
    const body = { ...pricedBody(checked.value.lines, q?.couponId ?? null), ...(shown ? { couponPromotionId: shown.promotionId } : {}) };
    const serialized = JSON.stringify(body);
    if (attempt.current?.body !== serialized) attempt.current = { body: serialized, key: newIdempotencyKey() };
    setPlacing(true);
    try {
      const order = await api.request<PlacedOrder>('POST', 'shop/orders', { body, headers: { 'idempotency-key': attempt.current.key } });
      attempt.current = null;
      const ordered = new Set(group.entries.map((e) => e.line.id));
      setPlaced(order);
      updateCart((items) => items.filter((i) => !ordered.has(i.lineId)));
      void client.invalidateQueries({ queryKey: keys.campaigns });
      void client.invalidateQueries({ queryKey: keys.orders });
      void client.invalidateQueries({ queryKey: keys.coupons });
    } catch (err) {
      setFailure(failureText(t, err));
      if (err instanceof ApiError && couponErrors.has(err.code)) {
        // the coupon went (used elsewhere, expired): price again with the best one left
        setChoice(undefined);
        void client.invalidateQueries({ queryKey: ['shop', 'quote'] });
      } else if (err instanceof ApiError && err.status >= 400 && err.status < 500) void campaigns.refetch();
    } finally {
      setPlacing(false);
    }
  };

  const totalFen = q ? q.totalFen : group.totalFen;
  const automaticMisses = q?.notApplied.filter((n) => n.couponId === null) ?? [];
  const appliedCoupon = q?.coupons.find((c) => c.id === q.couponId);
  const usableCount = q ? couponOptions<Coupon>(q).filter((o) => o.usable).length : 0;

  return (
    <>
      <main className="ll-content">
        <section className="ll-card" data-testid="confirm-lines">
          <h3 className="shop-section-title">{t('cart.group', { date: group.pickupDate })}</h3>
          {group.entries.map((e) => {
            const priced = q?.lines.find((l) => l.campaignLineId === e.line.id);
            return (
              <div key={e.line.id} className="shop-kv" data-testid="confirm-line">
                <span>
                  {e.line.productName} {e.line.spec} × {e.quantity}
                </span>
                <span>{yuan(priced ? priced.amountFen : e.amountFen)}</span>
              </div>
            );
          })}
        </section>
        <List mode="card" style={{ margin: '0 0 12px' }}>
          <List.Item
            onClick={q && q.coupons.length > 0 ? () => setPicking(true) : undefined}
            arrow={q !== undefined && q.coupons.length > 0}
            extra={
              <span data-testid="confirm-coupon">
                {!q
                  ? '…'
                  : appliedCoupon
                    ? `${appliedCoupon.name} (${discountLabel(t, appliedCoupon)})`
                    : q.coupons.length === 0
                      ? t('confirm.noCoupons')
                      : usableCount > 0
                        ? t('confirm.couponsUsable', { count: usableCount })
                        : t('confirm.noneApplicable')}
              </span>
            }
          >
            {t('confirm.coupon')}
          </List.Item>
        </List>
        <section className="ll-card" data-testid="confirm-sum">
          {quote.isError && (
            <div className="shop-error" data-testid="quote-error">
              {failureText(t, quote.error)}{' '}
              {chosenFailed ? (
                <Button size="mini" onClick={() => setChoice(undefined)} data-testid="quote-reset">
                  {t('confirm.bestCoupon')}
                </Button>
              ) : (
                <Button size="mini" onClick={() => void quote.refetch()}>
                  {t('common:retry')}
                </Button>
              )}
            </div>
          )}
          {quote.isError && !chosenFailed && <div className="ll-muted">{t('confirm.quoteFailed')}</div>}
          {q && (
            <>
              <div className="shop-kv">
                <span>{t('confirm.listTotal')}</span>
                <span data-testid="confirm-list">{yuan(q.listFen)}</span>
              </div>
              {q.applied.map((a) => (
                <div key={`${a.promotionId}-${a.couponId ?? ''}`} className="shop-discount" data-testid="confirm-discount">
                  <span>{a.name}</span>
                  <span>-{yuan(a.amountFen)}</span>
                </div>
              ))}
              {automaticMisses.map((n) => (
                <div key={n.promotionId} className="shop-offer-miss" data-testid="confirm-miss">
                  {n.name}: {notAppliedText(t, n.why)}
                </div>
              ))}
            </>
          )}
          {failure && (
            <div className="shop-error" data-testid="checkout-error">
              {failure}
            </div>
          )}
          <div className="shop-sum">
            <div>
              {t('confirm.total')}{' '}
              <b className="ll-price shop-sum-total" data-testid="confirm-total">
                {yuan(totalFen)}
              </b>
              {q && q.discountFen > 0 && <div className="ll-muted">{t('confirm.saved', { amount: yuan(q.discountFen) })}</div>}
            </div>
            <Button
              color="primary"
              shape="rounded"
              loading={placing}
              disabled={quote.isFetching || (quote.isError && !!chosenFailed)}
              onClick={() => void place()}
              data-testid="place-order"
            >
              {t('confirm.place', { amount: yuan(totalFen) })}
            </Button>
          </div>
        </section>
      </main>
      {q && (
        <CouponPicker
          quote={q}
          visible={picking}
          onClose={() => setPicking(false)}
          onPick={(couponId) => {
            setPicking(false);
            setFailure(null);
            setChoice(couponId);
          }}
        />
      )}
      <PaySheet
        order={placed}
        payment={placed?.payment}
        onClose={() => {
          const id = placed?.id;
          setPlaced(null);
          if (id) navigate(`/orders/${id}`, { replace: true });
        }}
        onPaid={(id) => {
          setPlaced(null);
          navigate(`/orders/${id}`, { replace: true });
        }}
      />
    </>
  );
}

/** The checkout of one pickup date's lines: the order priced with promotions and a coupon, then placed and paid. */
export default function ConfirmPage() {
  const { t } = useTranslation('shop');
  const navigate = useNavigate();
  const { date } = useParams();
  const campaigns = useCampaigns();
  const [cart] = useCart();
  const now = useNow(15_000);
  // once placed, the lines leave the cart: the group is kept for the pay sheet
  const kept = useRef<CartGroup | null>(null);
  return (
    <div className="ll-page">
      <NavBar onBack={() => navigate('/cart')}>{t('confirm.title')}</NavBar>
      <QueryState query={campaigns}>
        {(list) => {
          const group = groupCart(cart, list, now).groups.find((g) => g.pickupDate === date) ?? kept.current;
          if (!group) return <Navigate to="/cart" replace />;
          kept.current = group;
          return <Confirm group={group} />;
        }}
      </QueryState>
    </div>
  );
}
