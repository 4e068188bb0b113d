import type * as promotions from '@linli/contracts/promotions';
import { useQuery } from '@tanstack/react-query';
import { Button, Popup, Tag, Toast } from 'antd-mobile';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type { Page as ApiPage } from '../../../common/api.ts';
import { discountLabel, thresholdLabel } from '../../../common/coupon.ts';
import { shortDateTime } from '../../../common/format.ts';
import { QrImage } from '../../../common/QrImage.tsx';
import { PagedList } from '../../../mobile/PagedList.tsx';
import { QueryState } from '../../../mobile/QueryState.tsx';
import { api } from '../api.ts';
import { Page } from '../Page.tsx';
import { copyText } from '../share/copy.ts';
import { couponShareUrl } from './shareUrl.ts';

type LeaderCoupon = z.infer<typeof promotions.LeaderCoupon>;
type LeaderCouponUse = z.infer<typeof promotions.LeaderCouponUse>;

const statusColor: Record<LeaderCouponUse['status'], 'success' | 'warning' | 'primary' | 'default'> = {
  available: 'primary',
  held: 'warning',
  used: 'success',
  expired: 'default',
};

function CouponItem({ coupon, onShare }: { coupon: LeaderCoupon; onShare: () => void }) {
  const { t } = useTranslation();
  return (
    <div className="ll-card" data-testid="leader-coupon">
      <div className="ll-row">
        <div>
          <div className="lh-card-title" style={{ marginBottom: 4 }}>
            {coupon.newcomerOnly && (
              <Tag color="danger" fill="outline" style={{ marginRight: 4 }} data-testid="leader-coupon-newcomer">
                {t('common:coupon.newcomer')}
              </Tag>
            )}
            {coupon.name}
          </div>
          <div className="lcp-value" data-testid="leader-coupon-terms">
            {discountLabel(t, coupon)} · {thresholdLabel(t, coupon.thresholdFen)}
          </div>
          <div className="ll-muted">{t('coupons.endsAt', { time: shortDateTime(coupon.endsAt) })}</div>
          <div className="ll-muted" data-testid="leader-coupon-counts">
            {t('coupons.counts', { claimed: coupon.claimedViaMe, used: coupon.usedViaMe })}
          </div>
        </div>
        <Button color="primary" size="small" onClick={onShare} data-testid="leader-coupon-share">
          {t('coupons.share')}
        </Button>
      </div>
    </div>
  );
}

/** My claimable coupons with their share links and QR codes, and which of my members claimed and used them. */
export default function CouponsPage() {
  const { t } = useTranslation();
  const list = useQuery({
    queryKey: ['leader', 'coupons'],
    queryFn: async () => (await api.get<{ items: LeaderCoupon[] }>('leader/coupons')).items,
  });
  const [sharing, setSharing] = useState<{ coupon: LeaderCoupon; url: string } | null>(null);
  const share = async (coupon: LeaderCoupon) => {
    const url = couponShareUrl(window.location.origin, coupon.sharePath);
    setSharing({ coupon, url });
    Toast.show({ content: (await copyText(url)) ? t('coupons.copied') : t('share.copyFailed') });
  };
  return (
    <Page title={t('coupons.title')} back>
      <QueryState query={list} isEmpty={(items) => items.length === 0} emptyText={t('coupons.none')}>
        {(items) => items.map((c) => <CouponItem key={c.promotionId} coupon={c} onShare={() => void share(c)} />)}
      </QueryState>
      <div className="lh-card-title" style={{ margin: '16px 4px 8px' }}>
        {t('coupons.uses')}
      </div>
      <PagedList<LeaderCouponUse>
        queryKey={['leader', 'coupons', 'uses']}
        fetchPage={(page, pageSize) => api.get<ApiPage<LeaderCouponUse>>('leader/coupons/uses', { page, pageSize })}
        itemKey={(u) => u.couponId}
        emptyText={t('coupons.noUses')}
        render={(u) => (
          <div className="ll-card" data-testid="leader-coupon-use">
            <div className="ll-row">
              <span>
                {u.residentName || u.residentPhone} <span className="ll-muted">{u.residentName ? u.residentPhone : ''}</span>
              </span>
              <Tag color={statusColor[u.status]} fill="outline">
                {t(`coupons.status.${u.status}`)}
              </Tag>
            </div>
            <div className="ll-muted">{u.promotionName}</div>
            <div className="ll-muted">
              {t('coupons.claimedAt', { time: shortDateTime(u.claimedAt) })}
              {u.usedAt && ` · ${t('coupons.usedAt', { time: shortDateTime(u.usedAt) })}`}
            </div>
          </div>
        )}
      />
      <Popup
        visible={sharing !== null}
        onMaskClick={() => setSharing(null)}
        bodyStyle={{ borderTopLeftRadius: 16, borderTopRightRadius: 16 }}
      >
        {sharing && (
          <div style={{ padding: 16 }} data-testid="leader-coupon-qr">
            <div className="lh-card-title">{sharing.coupon.name}</div>
            <div style={{ display: 'flex', justifyContent: 'center', margin: '8px 0' }}>
              <QrImage value={sharing.url} size={200} alt={t('coupons.qr')} />
            </div>
            <div className="ls-link" data-testid="leader-coupon-link">
              {sharing.url}
            </div>
            <p className="ll-muted">{t('coupons.shareHint')}</p>
            <div className="ls-buttons">
              <Button
                color="primary"
                onClick={() =>
                  void copyText(sharing.url).then((ok) => Toast.show({ content: ok ? t('coupons.copied') : t('share.copyFailed') }))
                }
              >
                {t('coupons.copy')}
              </Button>
              <Button onClick={() => setSharing(null)}>{t('common:close')}</Button>
            </div>
          </div>
        )}
      </Popup>
    </Page>
  );
}
