import type { points } from '@linli/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Dialog, List, Toast } from 'antd-mobile';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { z } from 'zod';
import { ApiError } from '../../../common/api.ts';
import { errorText } from '../../../common/i18n.ts';
import { QueryState } from '../../../mobile/QueryState.tsx';
import { api, keys as shopKeys } from '../api.ts';

type Offer = z.infer<typeof points.PointsOffer>;
type Offers = z.infer<typeof points.PointsOffers>;
type Redeemed = z.infer<typeof points.Redeemed>;

export const offersKey = ['shop', 'points', 'offers'] as const;

/** Codes a redemption is refused with that mean the offer is gone or changed: the list is asked again. */
const STALE = new Set(['NOT_FOUND', 'PROMOTION_UNAVAILABLE', 'COUPONS_GONE']);

/** Why a redemption was refused, in the resident's words (the server's stable codes; anything else as every screen says it). */
export function redeemErrorText(t: TFunction, err: unknown): string {
  if (!(err instanceof ApiError)) return errorText(t, err);
  const d = err.details ?? {};
  switch (err.code) {
    case 'POINTS_INSUFFICIENT': {
      const missing = Number(d.needed) - Number(d.balance);
      return Number.isFinite(missing) && missing > 0
        ? t('shop:loyalty.redeemError.insufficientBy', { missing })
        : t('shop:loyalty.redeemError.insufficient');
    }
    case 'NOT_FOUND':
      return t('shop:loyalty.redeemError.gone');
    case 'PROMOTION_UNAVAILABLE':
      return t('shop:loyalty.redeemError.unavailable');
    case 'COUPONS_GONE':
      return t('shop:loyalty.redeemError.soldOut');
    case 'COUPON_LIMIT_REACHED':
      return typeof d.limit === 'number' ? t('shop:loyalty.redeemError.limitOf', { limit: d.limit }) : t('shop:loyalty.redeemError.limit');
    case 'POINTS_DISABLED':
      return t('shop:loyalty.redeemError.disabled');
    default:
      return errorText(t, err);
  }
}

/**
 * 积分兑换: the coupons my points buy, cheapest first, each with its cost; one I cannot afford says
 * how many points are missing. Redeeming asks first; then the balance, the history and my coupons
 * are asked again, and a refusal says why (an offer gone or sold out is dropped from the list).
 */
export function PointsOffers({ balance }: { balance: number }) {
  const { t } = useTranslation('shop');
  const client = useQueryClient();
  const offers = useQuery({ queryKey: offersKey, queryFn: () => api.get<Offers>('shop/points/offers') });
  const redeem = useMutation({
    mutationFn: (offer: Offer) => api.post<Redeemed>(`shop/points/offers/${encodeURIComponent(offer.id)}/redemptions`, {}),
    onSuccess: (r, offer) => {
      Toast.show({ icon: 'success', content: t('loyalty.redeemed', { title: offer.title, points: r.pointsSpent, balance: r.balance }) });
      client.setQueryData(['shop', 'points'], (old: z.infer<typeof points.MyPoints> | undefined) =>
        old ? { ...old, balance: r.balance } : old,
      );
      void client.invalidateQueries({ queryKey: ['shop', 'points'] });
      void client.invalidateQueries({ queryKey: shopKeys.coupons });
    },
    onError: (err) => {
      Toast.show({ icon: 'fail', content: redeemErrorText(t, err) });
      if (err instanceof ApiError && STALE.has(err.code)) void client.invalidateQueries({ queryKey: offersKey });
      if (err instanceof ApiError && err.code === 'POINTS_INSUFFICIENT') void client.invalidateQueries({ queryKey: ['shop', 'points'] });
    },
  });
  const ask = async (offer: Offer) => {
    const yes = await Dialog.confirm({
      title: t('loyalty.redeemConfirmTitle'),
      content: t('loyalty.redeemConfirm', { title: offer.title, points: offer.pointsCost, after: balance - offer.pointsCost }),
      confirmText: t('loyalty.redeem'),
      cancelText: t('common:cancel'),
    });
    if (yes) redeem.mutate(offer);
  };
  return (
    <List
      mode="card"
      header={
        <div style={{ display: 'flex', justifyContent: 'space-between' }}>
          <span>{t('loyalty.offersTitle')}</span>
          <Link to="/me/coupons" data-testid="points-my-coupons">
            {t('loyalty.myCoupons')} ›
          </Link>
        </div>
      }
      data-testid="points-offers"
    >
      <QueryState query={offers} isEmpty={(o) => o.items.length === 0} emptyText={t('loyalty.noOffers')}>
        {(o) =>
          o.items.map((offer) => {
            const missing = offer.pointsCost - balance;
            return (
              <List.Item
                key={offer.id}
                description={missing > 0 ? t('loyalty.missing', { points: missing }) : undefined}
                extra={
                  <Button
                    color="primary"
                    size="small"
                    disabled={missing > 0 || redeem.isPending}
                    loading={redeem.isPending && redeem.variables?.id === offer.id}
                    onClick={() => void ask(offer)}
                    data-testid="points-redeem"
                  >
                    {t('loyalty.redeem')}
                  </Button>
                }
                data-testid="points-offer"
              >
                <div>{offer.title}</div>
                <div style={{ color: 'var(--adm-color-danger)', fontWeight: 600 }} data-testid="points-offer-cost">
                  {t('loyalty.cost', { points: offer.pointsCost })}
                </div>
              </List.Item>
            );
          })
        }
      </QueryState>
    </List>
  );
}
