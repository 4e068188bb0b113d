import type * as bargain from '@linli/contracts/bargain';
import type * as flashsale from '@linli/contracts/flashsale';
import type * as lottery from '@linli/contracts/lottery';
import { useQuery } from '@tanstack/react-query';
import { Button, Popup, Toast } from 'antd-mobile';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { shortDateTime, yuan } from '../../../common/format.ts';
import { QrImage } from '../../../common/QrImage.tsx';
import { QueryState } from '../../../mobile/QueryState.tsx';
import { api } from '../api.ts';
import { couponShareUrl } from '../coupons/shareUrl.ts';
import { Page } from '../Page.tsx';
import { copyText } from '../share/copy.ts';

type LeaderOffer = z.infer<typeof bargain.LeaderOffer>;
type Shared = { name: string; url: string; hint: string };

/**
 * The plays running now to share into my group (lotteries, bargains, and flash sales on now or
 * coming), each with its link and QR code and what my links brought.
 */
export default function PlaysPage() {
  const { t } = useTranslation();
  const list = useQuery({
    queryKey: ['leader', 'plays', 'lotteries'],
    queryFn: async () => (await api.get<z.infer<typeof lottery.LeaderLotteries>>('leader/lotteries')).items,
  });
  const offers = useQuery({
    queryKey: ['leader', 'plays', 'bargains'],
    queryFn: async () => (await api.get<z.infer<typeof bargain.LeaderOffers>>('leader/bargain-offers')).items,
  });
  const flashSales = useQuery({
    queryKey: ['leader', 'plays', 'flash-sales'],
    queryFn: async () => (await api.get<z.infer<typeof flashsale.LeaderFlashSaleList>>('leader/flash-sales')).items,
  });
  const [sharing, setSharing] = useState<Shared | null>(null);
  const share = async (item: { name: string; sharePath: string }, hint = t('plays.shareHint')) => {
    const url = couponShareUrl(window.location.origin, item.sharePath);
    setSharing({ name: item.name, url, hint });
    Toast.show({ content: (await copyText(url)) ? t('plays.copied') : t('share.copyFailed') });
  };
  return (
    <Page title={t('plays.title')} back>
      <div className="lh-card-title" style={{ margin: '8px 4px' }}>
        {t('plays.lotteries')}
      </div>
      <QueryState query={list} isEmpty={(items) => items.length === 0} emptyText={t('plays.none')}>
        {(items) =>
          items.map((l) => (
            <div key={l.id} className="ll-card" data-testid="leader-lottery">
              <div className="ll-row">
                <div>
                  <div className="lh-card-title" style={{ marginBottom: 4 }}>
                    {l.name}
                  </div>
                  <div className="ll-muted">{t('plays.endsAt', { time: shortDateTime(l.endsAt) })}</div>
                  <div className="ll-muted" data-testid="leader-lottery-counts">
                    {t('plays.counts', { draws: l.draws, residents: l.residents })}
                  </div>
                </div>
                <Button
                  color="primary"
                  size="small"
                  onClick={() => void share({ name: l.name, sharePath: l.sharePath })}
                  data-testid="leader-lottery-share"
                >
                  {t('plays.share')}
                </Button>
              </div>
            </div>
          ))
        }
      </QueryState>
      <div className="lh-card-title" style={{ margin: '16px 4px 8px' }}>
        {t('plays.bargains')}
      </div>
      <QueryState query={offers} isEmpty={(items) => items.length === 0} emptyText={t('plays.none')}>
        {(items) =>
          items.map((o: LeaderOffer) => (
            <div key={o.id} className="ll-card" data-testid="leader-bargain">
              <div className="ll-row">
                <div>
                  <div className="lh-card-title" style={{ marginBottom: 4 }}>
                    {o.title}
                  </div>
                  <div className="ll-muted">
                    {yuan(o.priceFen)} → {yuan(o.floorFen)} · {t('plays.endsAt', { time: shortDateTime(o.endsAt) })}
                  </div>
                  <div className="ll-muted" data-testid="leader-bargain-counts">
                    {t('plays.bargainCounts', { bargains: o.bargains, bought: o.bought })}
                  </div>
                </div>
                <Button
                  color="primary"
                  size="small"
                  onClick={() => void share({ name: o.title, sharePath: o.sharePath })}
                  data-testid="leader-bargain-share"
                >
                  {t('plays.share')}
                </Button>
              </div>
            </div>
          ))
        }
      </QueryState>
      <div className="lh-card-title" style={{ margin: '16px 4px 8px' }}>
        {t('plays.flashSales')}
      </div>
      <QueryState query={flashSales} isEmpty={(items) => items.length === 0} emptyText={t('plays.none')}>
        {(items) =>
          items.map((f) => (
            <div key={f.id} className="ll-card" data-testid="leader-flash-sale">
              <div className="ll-row">
                <div>
                  <div className="lh-card-title" style={{ marginBottom: 4 }}>
                    {f.title}
                  </div>
                  <div className="ll-muted">
                    {t('plays.flashPrice', { price: yuan(f.priceFen), group: yuan(f.listPriceFen), quantity: f.quantity })}
                  </div>
                  <div className="ll-muted" data-testid="leader-flash-sale-when">
                    {f.state === 'on' ? t('plays.flashOn', { left: f.left }) : t('plays.flashStarts', { time: shortDateTime(f.startsAt) })}
                  </div>
                </div>
                <Button
                  color="primary"
                  size="small"
                  onClick={() => void share({ name: f.title, sharePath: f.sharePath }, t('plays.flashHint'))}
                  data-testid="leader-flash-sale-share"
                >
                  {t('plays.share')}
                </Button>
              </div>
            </div>
          ))
        }
      </QueryState>
      <Popup
        visible={sharing !== null}
        onMaskClick={() => setSharing(null)}
        bodyStyle={{ borderTopLeftRadius: 16, borderTopRightRadius: 16 }}
      >
        {sharing && (
          <div style={{ padding: 16 }} data-testid="leader-lottery-qr">
            <div className="lh-card-title">{sharing.name}</div>
            <div style={{ display: 'flex', justifyContent: 'center', margin: '8px 0' }}>
              <QrImage value={sharing.url} size={200} alt={t('plays.qr')} />
            </div>
            <div className="ls-link">{sharing.url}</div>
            <p className="ll-muted">{sharing.hint}</p>
            <div className="ls-buttons">
              <Button
                color="primary"
                onClick={() =>
                  void copyText(sharing.url).then((ok) => Toast.show({ content: ok ? t('plays.copied') : t('share.copyFailed') }))
                }
              >
                {t('plays.copy')}
              </Button>
              <Button onClick={() => setSharing(null)}>{t('common:close')}</Button>
            </div>
          </div>
        )}
      </Popup>
    </Page>
  );
}
