import { NavBar, Tabs } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import type { Page } from '../../../common/api.ts';
import { shortDateTime } from '../../../common/format.ts';
import { PagedList } from '../../../mobile/PagedList.tsx';
import { api, keys } from '../api.ts';
import type { Coupon } from '../types.ts';
import { CouponCard } from './CouponCard.tsx';

const tabs = ['available', 'used', 'expired'] as const;

function MyCouponCard({ coupon }: { coupon: Coupon }) {
  const { t } = useTranslation('shop');
  const validity =
    coupon.status === 'used'
      ? coupon.usedAt && coupon.orderNo
        ? t('coupons.usedAt', { time: shortDateTime(coupon.usedAt), orderNo: coupon.orderNo })
        : t('coupons.usedOn')
      : t('coupons.validUntil', { from: shortDateTime(coupon.validFrom), until: shortDateTime(coupon.validUntil) });
  const orderLinkText = coupon.orderNo ? t('coupons.viewOrderNo', { orderNo: coupon.orderNo }) : t('coupons.viewOrder');
  return (
    <CouponCard
      terms={coupon}
      name={coupon.name}
      thresholdFen={coupon.thresholdFen}
      newcomerOnly={coupon.newcomerOnly}
      grey={coupon.status === 'used' || coupon.status === 'expired'}
      validity={validity}
      testid="my-coupon"
      notes={
        <>
          {coupon.description && <div className="ll-muted">{coupon.description}</div>}
          {coupon.status === 'held' && (
            <div className="shop-coupon-note" data-testid="coupon-held-note">
              {t('coupons.held')} {coupon.orderId && <Link to={`/orders/${coupon.orderId}`}>{orderLinkText}</Link>}
            </div>
          )}
          {coupon.returnedCount > 0 && coupon.status !== 'used' && (
            <div className="shop-coupon-note" data-testid="coupon-returned">
              {t('coupons.returned')}
            </div>
          )}
          {coupon.status === 'used' && coupon.orderId && (
            <Link to={`/orders/${coupon.orderId}`} className="ll-muted" data-testid="coupon-order-link">
              {orderLinkText}
            </Link>
          )}
        </>
      }
    />
  );
}

/** My coupons: those I may use (with those a pending order holds), used and expired. */
export default function MyCoupons() {
  const { t } = useTranslation('shop');
  const navigate = useNavigate();
  const [search, setSearch] = useSearchParams();
  const tab = tabs.find((s) => s === search.get('status')) ?? 'available';
  // A held coupon belongs with those I may use: it comes back if its order is cancelled (one request asks for both).
  const statuses = tab === 'available' ? 'available,held' : tab;
  return (
    <div className="ll-page">
      <NavBar
        onBack={() => navigate('/me')}
        right={
          <Link to="/coupons" data-testid="claim-center-link" style={{ fontSize: 14 }}>
            {t('coupons.claimCenter')}
          </Link>
        }
      >
        {t('coupons.title')}
      </NavBar>
      <Tabs
        activeKey={tab}
        onChange={(key) => setSearch(key === 'available' ? {} : { status: key }, { replace: true })}
        style={{ background: '#fff', '--title-font-size': '14px' } as React.CSSProperties}
      >
        {tabs.map((s) => (
          <Tabs.Tab key={s} title={<span data-testid={`coupons-tab-${s}`}>{t(`coupons.tab.${s}`)}</span>} />
        ))}
      </Tabs>
      <main className="ll-content">
        <div className="shop-notice" data-testid="coupons-refund-rule">
          {t('coupons.refundRule')}
        </div>
        <PagedList<Coupon>
          queryKey={[...keys.coupons, 'list', tab]}
          fetchPage={(page, pageSize) => api.get<Page<Coupon>>('shop/coupons', { status: statuses, page, pageSize })}
          pageSize={20}
          itemKey={(c) => c.id}
          emptyText={t(`coupons.empty.${tab}`)}
          render={(c) => <MyCouponCard coupon={c} />}
        />
      </main>
    </div>
  );
}
