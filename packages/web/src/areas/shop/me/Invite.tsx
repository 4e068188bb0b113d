import type * as invites from '@linli/contracts/invites';
import { useQuery } from '@tanstack/react-query';
import { Button, List, NavBar, Tag, Toast } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { z } from 'zod';
import { shortDateTime } from '../../../common/format.ts';
import { errorText } from '../../../common/i18n.ts';
import { QrImage } from '../../../common/QrImage.tsx';
import { PagedList } from '../../../mobile/PagedList.tsx';
import { QueryState } from '../../../mobile/QueryState.tsx';
import { api } from '../api.ts';

type InviteLink = z.infer<typeof invites.InviteLink>;
type MyInvitee = z.infer<typeof invites.MyInvitee>;
type MyInvitees = z.infer<typeof invites.MyInvitees>;

const stateColors: Record<MyInvitee['state'], string> = {
  registered: 'default',
  picked_up: 'primary',
  held: 'warning',
  rewarded: 'success',
};

/** The full address of my link: the server's when it knows the public address, else this site's. */
export function inviteUrl(link: Pick<InviteLink, 'url' | 'path'>, origin = typeof location === 'undefined' ? '' : location.origin): string {
  return link.url ?? `${origin}${link.path}`;
}

/** 邀请有礼: my link, a poster with its QR code, and the neighbours I invited with where each reward stands. */
export default function Invite() {
  const { t } = useTranslation('shop');
  const navigate = useNavigate();
  const link = useQuery({ queryKey: ['shop', 'invites', 'link'], queryFn: () => api.get<InviteLink>('shop/invites/link') });
  const totals = useQuery({
    queryKey: ['shop', 'invites', 'totals'],
    queryFn: () => api.get<MyInvitees>('shop/invites', { page: 1, pageSize: 1 }),
  });

  const copy = async (url: string) => {
    try {
      await navigator.clipboard.writeText(url);
      Toast.show({ icon: 'success', content: t('invite.copied') });
    } catch (err) {
      Toast.show({ icon: 'fail', content: errorText(t, err) });
    }
  };

  return (
    <div className="ll-page">
      <NavBar onBack={() => navigate('/me')}>{t('invite.title')}</NavBar>
      <main className="ll-content" style={{ padding: '0 0 88px' }}>
        <QueryState query={link}>
          {(l) => {
            const url = inviteUrl(l);
            return (
              <>
                <div className="shop-invite-poster" data-testid="invite-poster">
                  <h2>{t('invite.posterTitle')}</h2>
                  <p>{l.inviterName ? t('invite.posterFrom', { name: l.inviterName }) : t('invite.posterText')}</p>
                  <QrImage value={url} size={200} alt={t('invite.qrAlt')} />
                  <p className="ll-muted" data-testid="invite-code">
                    {t('invite.code', { code: l.code })}
                  </p>
                </div>
                <List mode="card">
                  <List.Item description={<span data-testid="invite-url">{url}</span>}>{t('invite.link')}</List.Item>
                  <List.Item>{l.enabled ? t('invite.rule', { points: l.rewardPoints }) : t('invite.paused')}</List.Item>
                </List>
                <div style={{ padding: '0 12px' }}>
                  <Button block color="primary" onClick={() => copy(url)} data-testid="invite-copy">
                    {t('invite.copy')}
                  </Button>
                  <p className="ll-hint">{t('invite.posterHint')}</p>
                </div>
              </>
            );
          }}
        </QueryState>
        <List
          mode="card"
          header={
            totals.data
              ? t('invite.summary', {
                  registered: totals.data.registered,
                  rewarded: totals.data.rewarded,
                  points: totals.data.pointsEarned,
                })
              : t('invite.mine')
          }
          data-testid="invite-summary"
        >
          <PagedList<MyInvitee>
            queryKey={['shop', 'invites', 'list']}
            fetchPage={(page, pageSize) => api.get<MyInvitees>('shop/invites', { page, pageSize })}
            itemKey={(i) => i.id}
            emptyText={t('invite.none')}
            render={(i) => (
              <List.Item
                description={t('invite.registeredAt', { at: shortDateTime(i.registeredAt) })}
                extra={
                  <Tag color={stateColors[i.state]} data-testid="invitee-state">
                    {i.state === 'rewarded' && i.rewardPoints
                      ? t(i.rewardCoupon ? 'invite.state.rewardedPointsCoupon' : 'invite.state.rewardedPoints', { points: i.rewardPoints })
                      : i.state === 'rewarded' && i.rewardCoupon
                        ? t('invite.state.rewardedCoupon')
                        : t(`invite.state.${i.state}`)}
                  </Tag>
                }
                data-testid="invitee"
              >
                {i.phone}
              </List.Item>
            )}
          />
        </List>
      </main>
    </div>
  );
}
