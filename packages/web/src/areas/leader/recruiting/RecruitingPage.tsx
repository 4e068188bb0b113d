import type * as recruiting from '@linli/contracts/recruiting';
import { useQuery } from '@tanstack/react-query';
import { Button, Popup, Tag, Toast } from 'antd-mobile';
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

type Mine = z.infer<typeof recruiting.MyRecruiting>;
const stateColor = { pending: 'default', qualified: 'primary', bonus_paid: 'success', refused: 'danger' } as const;

/**
 * Me → invite leaders (邀请团长): my recruit link with its QR code, the terms, and the leaders my
 * link brought with their state and what I earned from them (the ledger's amounts).
 */
export default function RecruitingPage() {
  const { t } = useTranslation();
  const mine = useQuery({ queryKey: ['leader', 'recruiting'], queryFn: () => api.get<Mine>('leader/recruiting') });
  const [showQr, setShowQr] = useState(false);
  return (
    <Page title={t('recruiting.title')} back>
      <QueryState query={mine}>
        {(m) => {
          const url = couponShareUrl(window.location.origin, m.link);
          return (
            <>
              <div className="ll-card" data-testid="recruiting-link">
                <div className="lh-card-title">{t('recruiting.myLink')}</div>
                <div className="ls-link" data-testid="recruiting-url">
                  {url}
                </div>
                <p className="ll-muted" data-testid="recruiting-terms">
                  {m.terms.enabled
                    ? t('recruiting.terms', {
                        bonus: yuan(m.terms.bonusFen),
                        n: m.terms.bonusPickups,
                        pct: (m.terms.overrideBp / 100).toFixed(2),
                        days: m.terms.overrideDays,
                      })
                    : t('recruiting.off')}
                </p>
                <div className="ls-buttons">
                  <Button
                    color="primary"
                    onClick={() => {
                      setShowQr(true);
                      void copyText(url).then((ok) => Toast.show({ content: ok ? t('plays.copied') : t('share.copyFailed') }));
                    }}
                    data-testid="recruiting-share"
                  >
                    {t('plays.share')}
                  </Button>
                </div>
              </div>
              <div className="ll-card">
                <div className="ll-row">
                  <span>{t('recruiting.bonusEarned')}</span>
                  <strong data-testid="recruiting-bonus">{yuan(m.bonusFen)}</strong>
                </div>
                <div className="ll-row">
                  <span>{t('recruiting.overrideEarned')}</span>
                  <strong data-testid="recruiting-override">{yuan(m.overrideFen)}</strong>
                </div>
              </div>
              <div className="lh-card-title" style={{ margin: '16px 4px 8px' }}>
                {t('recruiting.recruits')}
              </div>
              {m.recruits.length === 0 && (
                <div className="ll-muted" style={{ padding: '0 4px' }}>
                  {t('recruiting.none')}
                </div>
              )}
              {m.recruits.map((r) => (
                <div key={r.id} className="ll-card" data-testid="recruiting-recruit" data-state={r.state}>
                  <div className="ll-row">
                    <span className="lh-card-title">{r.recruit.name}</span>
                    <Tag color={stateColor[r.state]}>{t(`recruiting.state.${r.state}`)}</Tag>
                  </div>
                  <div className="ll-muted">{t('recruiting.approvedAt', { time: shortDateTime(r.approvedAt) })}</div>
                  {r.state === 'refused' ? (
                    <div className="ll-muted">{t(`recruiting.reason.${r.refusalReason ?? 'same_phone'}`)}</div>
                  ) : (
                    <div className="ll-muted">
                      {t('recruiting.progress', { n: r.pickups, of: r.bonusPickups })} ·{' '}
                      {t('recruiting.earned', { bonus: yuan(r.bonusPaidFen), override: yuan(r.overrideFen) })}
                    </div>
                  )}
                </div>
              ))}
              <Popup
                visible={showQr}
                onMaskClick={() => setShowQr(false)}
                bodyStyle={{ borderTopLeftRadius: 16, borderTopRightRadius: 16 }}
              >
                <div style={{ padding: 16 }} data-testid="recruiting-qr">
                  <div className="lh-card-title">{t('recruiting.title')}</div>
                  <div style={{ display: 'flex', justifyContent: 'center', margin: '8px 0' }}>
                    <QrImage value={url} size={200} alt={t('plays.qr')} />
                  </div>
                  <div className="ls-link">{url}</div>
                  <p className="ll-muted">{t('recruiting.hint')}</p>
                  <div className="ls-buttons">
                    <Button
                      color="primary"
                      onClick={() =>
                        void copyText(url).then((ok) => Toast.show({ content: ok ? t('plays.copied') : t('share.copyFailed') }))
                      }
                    >
                      {t('plays.copy')}
                    </Button>
                    <Button onClick={() => setShowQr(false)}>{t('common:close')}</Button>
                  </div>
                </div>
              </Popup>
            </>
          );
        }}
      </QueryState>
    </Page>
  );
}
