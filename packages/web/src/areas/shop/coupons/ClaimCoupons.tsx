import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, NavBar, Toast } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { shortDateTime } from '../../../common/format.ts';
import { errorText } from '../../../common/i18n.ts';
import { QueryState } from '../../../mobile/QueryState.tsx';
import { StateBlock } from '../../../mobile/StateBlock.tsx';
import { api, keys, useProfile } from '../api.ts';
import type { ClaimableCoupon, ClaimedCoupon } from '../types.ts';
import { claimButton } from './claim.ts';
import { CouponCard } from './CouponCard.tsx';

function ClaimableCard({
  coupon,
  busy,
  onClaim,
  highlight,
}: {
  coupon: ClaimableCoupon;
  busy: boolean;
  onClaim: () => void;
  highlight?: boolean;
}) {
  const { t } = useTranslation('shop');
  const state = claimButton(coupon);
  return (
    <CouponCard
      terms={coupon}
      name={coupon.name}
      thresholdFen={coupon.thresholdFen}
      newcomerOnly={coupon.newcomerOnly}
      selected={highlight}
      validity={t('coupons.claimUntil', { time: shortDateTime(coupon.endsAt) })}
      testid="claimable"
      notes={
        <>
          {coupon.description && <div className="ll-muted">{coupon.description}</div>}
          <div className="ll-muted">
            {coupon.left !== null && <span data-testid="claimable-left">{t('coupons.left', { count: coupon.left })}</span>}
            {coupon.left !== null && coupon.held > 0 && ' · '}
            {coupon.held > 0 && <span data-testid="claimable-held">{t('coupons.heldCount', { count: coupon.held })}</span>}
          </div>
        </>
      }
      action={
        <Button
          size="small"
          color="primary"
          shape="rounded"
          fill={state === 'claim' ? 'solid' : 'outline'}
          disabled={state !== 'claim'}
          loading={busy}
          onClick={onClaim}
          data-testid="claim-button"
        >
          {t(`coupons.button.${state}`)}
        </Button>
      }
    />
  );
}

/**
 * 领券: the coupons I may claim. A leader's share link (/coupons/claim/:promotionId?leader=…) opens it
 * with that coupon on top, and the claim is attributed to that leader.
 */
export default function ClaimCoupons() {
  const { t } = useTranslation('shop');
  const navigate = useNavigate();
  const client = useQueryClient();
  const { promotionId } = useParams();
  const [search] = useSearchParams();
  const leaderId = search.get('leader');
  const profile = useProfile();
  const list = useQuery({
    queryKey: keys.claimable(leaderId),
    queryFn: () => api.get<{ items: ClaimableCoupon[] }>('shop/coupons/claimable', { leaderId }),
  });
  const claim = useMutation({
    mutationFn: (id: string) => api.post<ClaimedCoupon>(`shop/coupons/${encodeURIComponent(id)}/claim`, leaderId ? { leaderId } : {}),
    onSuccess: (claimed) => {
      Toast.show({ icon: 'success', content: t('coupons.claimed', { time: shortDateTime(claimed.validUntil) }) });
      void client.invalidateQueries({ queryKey: keys.coupons });
    },
    onError: (err) => {
      Toast.show({ icon: 'fail', content: errorText(t, err) });
      void list.refetch();
    },
  });
  const noPoint = profile.data && !profile.data.pickupPoint;
  const card = (c: ClaimableCoupon, highlight?: boolean) => (
    <ClaimableCard
      key={c.promotionId}
      coupon={c}
      highlight={highlight}
      busy={claim.isPending && claim.variables === c.promotionId}
      onClaim={() => claim.mutate(c.promotionId)}
    />
  );
  return (
    <div className="ll-page">
      <NavBar onBack={() => navigate(noPoint ? '/points' : '/me/coupons')}>{t('coupons.claimTitle')}</NavBar>
      <main className="ll-content">
        <QueryState query={list}>
          {({ items }) => {
            const shared = promotionId ? items.find((c) => c.promotionId === promotionId) : undefined;
            const rest = items.filter((c) => c !== shared);
            return (
              <>
                {promotionId && (
                  <section data-testid="shared-coupon">
                    <h3 className="shop-section-title">{t('coupons.sharedTitle')}</h3>
                    {shared ? card(shared, true) : <div className="shop-notice">{t('coupons.sharedGone')}</div>}
                  </section>
                )}
                {noPoint && claim.isSuccess && (
                  <div className="shop-notice" data-testid="claim-choose-point">
                    {t('coupons.choosePoint')}{' '}
                    <Button size="mini" color="primary" onClick={() => navigate('/points')}>
                      {t('coupons.choosePointGo')}
                    </Button>
                  </div>
                )}
                {promotionId && rest.length > 0 && <h3 className="shop-section-title">{t('coupons.more')}</h3>}
                {rest.map((c) => card(c))}
                {items.length === 0 && <StateBlock status="empty" title={t('coupons.noClaimable')} data-testid="empty" />}
              </>
            );
          }}
        </QueryState>
      </main>
    </div>
  );
}
