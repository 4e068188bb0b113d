import * as shop from '@linli/contracts/shop';
import { useQueryClient } from '@tanstack/react-query';
import { Button, NavBar } from 'antd-mobile';
import { StateBlock } from '../../../mobile/StateBlock.tsx';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { ApiError } from '../../../common/api.ts';
import { errorText } from '../../../common/i18n.ts';
import { validate } from '../../../common/validation.ts';
import { QueryState } from '../../../mobile/QueryState.tsx';
import { api, keys, newIdempotencyKey, useCampaigns } from '../api.ts';
import { type CartGroup, groupCart, orderLines } from '../cart.ts';
import { useCart } from '../cartStore.ts';
import type { PlacedOrder } from '../types.ts';
import { useNow } from '../useNow.ts';
import { CartGroupCard } from './CartGroupCard.tsx';
import { PaySheet } from './PaySheet.tsx';
import { UnavailableLines } from './UnavailableLines.tsx';

/** The cart, one group per pickup date; a group checks out as one order and is paid at once. */
export default function CartPage() {
  const { t } = useTranslation('shop');
  const navigate = useNavigate();
  const client = useQueryClient();
  const campaigns = useCampaigns();
  const [cart, updateCart] = useCart();
  const now = useNow(15_000);
  const [placing, setPlacing] = useState<string | null>(null);
  const [failure, setFailure] = useState<{ date: string; text: string; lineId: string | null } | null>(null);
  const [placed, setPlaced] = useState<PlacedOrder | null>(null);
  // One Idempotency-Key per checkout attempt: a retry of the same lines sends the same key.
  const attempt = useRef<{ body: string; key: string } | null>(null);

  const checkout = async (group: CartGroup) => {
    setFailure(null);
    const checked = validate(shop.PlaceOrder, { lines: orderLines(group) }, t);
    if (!checked.ok) return setFailure({ date: group.pickupDate, text: Object.values(checked.fields).join('; '), lineId: null });
    const body = JSON.stringify(checked.value);
    if (attempt.current?.body !== body) attempt.current = { body, key: newIdempotencyKey() };
    setPlacing(group.pickupDate);
    try {
      const order = await api.request<PlacedOrder>('POST', 'shop/orders', {
        body: checked.value,
        headers: { 'idempotency-key': attempt.current.key },
      });
      attempt.current = null;
      const ordered = new Set(group.entries.map((e) => e.line.id));
      updateCart((items) => items.filter((i) => !ordered.has(i.lineId)));
      void client.invalidateQueries({ queryKey: keys.campaigns });
      void client.invalidateQueries({ queryKey: keys.orders });
      setPlaced(order);
    } catch (err) {
      const lineId = err instanceof ApiError ? ((err.details?.campaignLineId as string | undefined) ?? null) : null;
      setFailure({ date: group.pickupDate, text: errorText(t, err), lineId });
      // stock, limits or the cutoff changed: show the cart as it is now (the lines stay)
      if (err instanceof ApiError && err.status >= 400 && err.status < 500) void campaigns.refetch();
    } finally {
      setPlacing(null);
    }
  };

  const setQuantity = (lineId: string, quantity: number) =>
    updateCart((items) =>
      quantity <= 0 ? items.filter((i) => i.lineId !== lineId) : items.map((i) => (i.lineId === lineId ? { ...i, quantity } : i)),
    );

  return (
    <div className="ll-page">
      <NavBar back={null}>{t('cart.title')}</NavBar>
      <main className="ll-content">
        {cart.length === 0 ? (
          <StateBlock status="empty" title={t('cart.empty')} data-testid="cart-empty">
            <Button color="primary" onClick={() => navigate('/')}>
              {t('cart.goShopping')}
            </Button>
          </StateBlock>
        ) : (
          <QueryState query={campaigns}>
            {(list) => {
              const { groups, unavailable } = groupCart(cart, list, now);
              return (
                <>
                  {groups.length > 1 && <div className="shop-notice">{t('cart.groupHint')}</div>}
                  {groups.map((g) => (
                    <CartGroupCard
                      key={g.pickupDate}
                      group={g}
                      error={failure?.date === g.pickupDate ? failure.text : null}
                      errorLineId={failure?.date === g.pickupDate ? failure.lineId : null}
                      busy={placing === g.pickupDate}
                      disabled={placing !== null && placing !== g.pickupDate}
                      onQuantity={setQuantity}
                      onCheckout={() => void checkout(g)}
                    />
                  ))}
                  <UnavailableLines
                    lines={unavailable}
                    onClear={() => {
                      const gone = new Set(unavailable.map((u) => u.item.lineId));
                      updateCart((items) => items.filter((i) => !gone.has(i.lineId)));
                    }}
                  />
                </>
              );
            }}
          </QueryState>
        )}
      </main>
      <PaySheet
        order={placed}
        payment={placed?.payment}
        onClose={() => {
          const id = placed?.id;
          setPlaced(null);
          if (id) navigate(`/orders/${id}`);
        }}
        onPaid={(id) => {
          setPlaced(null);
          navigate(`/orders/${id}`);
        }}
      />
    </div>
  );
}
