import { Button, NavBar } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { QueryState } from '../../../mobile/QueryState.tsx';
import { StateBlock } from '../../../mobile/StateBlock.tsx';
import { useCampaigns } from '../api.ts';
import { groupCart } from '../cart.ts';
import { useCart } from '../cartStore.ts';
import { useNow } from '../useNow.ts';
import { CartGroupCard } from './CartGroupCard.tsx';
import { UnavailableLines } from './UnavailableLines.tsx';

/** The cart, one group per pickup date; a group checks out as one order on the confirm screen (promotions, coupon), then is paid. */
export default function CartPage() {
  const { t } = useTranslation('shop');
  const navigate = useNavigate();
  const campaigns = useCampaigns();
  const [cart, updateCart] = useCart();
  const now = useNow(15_000);

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
                      error={null}
                      errorLineId={null}
                      busy={false}
                      disabled={false}
                      onQuantity={setQuantity}
                      onCheckout={() => navigate(`/cart/confirm/${g.pickupDate}`)}
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
    </div>
  );
}
