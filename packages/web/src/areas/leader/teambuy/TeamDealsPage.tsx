import * as teambuy from '@linli/contracts/teambuy';
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

type Deal = z.infer<typeof teambuy.LeaderTeamDeal>;

/** 拼团 to share: each team buy I sell, its link carrying my id (the orders it brings are counted as mine), with a QR code. */
export default function TeamDealsPage() {
  const { t } = useTranslation();
  const list = useQuery({
    queryKey: ['leader', 'team-deals'],
    queryFn: async () => teambuy.LeaderTeamDeals.parse(await api.get('leader/team-deals')).items,
  });
  const [sharing, setSharing] = useState<{ deal: Deal; url: string } | null>(null);
  const share = async (deal: Deal) => {
    const url = couponShareUrl(window.location.origin, deal.sharePath);
    setSharing({ deal, url });
    Toast.show({ content: (await copyText(url)) ? t('teambuy.copied') : t('share.copyFailed') });
  };
  return (
    <Page title={t('teambuy.title')} back>
      <QueryState query={list} isEmpty={(items) => items.length === 0} emptyText={t('teambuy.none')}>
        {(items) =>
          items.map((d) => (
            <div key={d.id} className="ll-card" data-testid="leader-team-deal">
              <div className="ll-row">
                <div>
                  <div className="lh-card-title" style={{ marginBottom: 4 }}>
                    {d.title}
                  </div>
                  <div>{t('teambuy.price', { price: yuan(d.teamPriceFen), group: yuan(d.groupPriceFen), size: d.teamSize })}</div>
                  <div className="ll-muted">{t('teambuy.until', { time: shortDateTime(d.cutoffAt) })}</div>
                  <div className="ll-muted" data-testid="leader-team-deal-counts">
                    {t('teambuy.counts', { orders: d.myOrders, members: d.myMembers })}
                  </div>
                </div>
                <Button color="primary" size="small" onClick={() => void share(d)} data-testid="leader-team-deal-share">
                  {t('teambuy.share')}
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
          <div style={{ padding: 16 }} data-testid="leader-team-deal-qr">
            <div className="lh-card-title">{sharing.deal.title}</div>
            <div style={{ display: 'flex', justifyContent: 'center', margin: '8px 0' }}>
              <QrImage value={sharing.url} size={200} alt={t('teambuy.qr')} />
            </div>
            <div className="ls-link" data-testid="leader-team-deal-link">
              {sharing.url}
            </div>
            <p className="ll-muted">{t('teambuy.shareHint')}</p>
            <div className="ls-buttons">
              <Button
                color="primary"
                onClick={() =>
                  void copyText(sharing.url).then((ok) => Toast.show({ content: ok ? t('teambuy.copied') : t('share.copyFailed') }))
                }
              >
                {t('teambuy.copy')}
              </Button>
              <Button onClick={() => setSharing(null)}>{t('common:close')}</Button>
            </div>
          </div>
        )}
      </Popup>
    </Page>
  );
}
