import type * as bargain from '@linli/contracts/bargain';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Card, List, NavBar, ProgressBar, Tag, Toast } from 'antd-mobile';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import type { z } from 'zod';
import { ApiError } from '../../../common/api.ts';
import { shortDateTime, yuan } from '../../../common/format.ts';
import { errorText } from '../../../common/i18n.ts';
import { deviceId } from '../../../common/invite.ts';
import { QueryState } from '../../../mobile/QueryState.tsx';
import { api } from '../api.ts';
import { copyLink } from './copy.ts';

type Bargain = z.infer<typeof bargain.Bargain>;
type ShopOffer = z.infer<typeof bargain.ShopOffer>;
type CutResult = z.infer<typeof bargain.CutResult>;

const offersKey = ['shop', 'bargain-offers'] as const;
const bargainKey = (id: string) => ['shop', 'bargains', id] as const;

/** Why a cut was refused, in the resident's words (`details.reason`). */
export function cutErrorText(t: TFunction, err: unknown): string {
  if (err instanceof ApiError && err.code === 'BARGAIN_CUT_REFUSED' && typeof err.details?.reason === 'string') {
    return t(`shop:bargain.refused.${err.details.reason}`, { defaultValue: errorText(t, err) });
  }
  return errorText(t, err);
}

/** 砍价: the offers open now; start mine (passing the leader of the link) or open the one I have. */
export function BargainOffersPage() {
  const { t } = useTranslation('shop');
  const navigate = useNavigate();
  const [search] = useSearchParams();
  const leaderId = search.get('leader');
  const highlight = search.get('offer');
  const offers = useQuery({ queryKey: offersKey, queryFn: () => api.get<z.infer<typeof bargain.ShopOffers>>('shop/bargain-offers') });
  const start = useMutation({
    mutationFn: (offer: ShopOffer) =>
      api.post<Bargain>(`shop/bargain-offers/${encodeURIComponent(offer.id)}/bargains`, leaderId ? { leaderId } : {}),
    onSuccess: (b) => navigate(`/bargain/${b.id}`),
    onError: (err) => Toast.show({ icon: 'fail', content: errorText(t, err) }),
  });
  const sorted = (items: ShopOffer[]) => [...items].sort((a, b) => Number(b.id === highlight) - Number(a.id === highlight));
  return (
    <div className="ll-page">
      <NavBar onBack={() => navigate('/me')}>{t('bargain.title')}</NavBar>
      <QueryState query={offers} isEmpty={(o) => o.items.length === 0} emptyText={t('bargain.none')}>
        {(o) => (
          <List mode="card">
            {sorted(o.items).map((offer) => (
              <List.Item
                key={offer.id}
                description={
                  <>
                    <div>{t('bargain.terms', { floor: yuan(offer.floorFen), helpers: offer.helpersNeeded })}</div>
                    {offer.newcomerOnly && <Tag color="danger">{t('bargain.newcomerOnly')}</Tag>}
                  </>
                }
                extra={
                  offer.myBargainId ? (
                    <Button size="small" onClick={() => navigate(`/bargain/${offer.myBargainId}`)} data-testid="bargain-open-mine">
                      {t('bargain.mine')}
                    </Button>
                  ) : (
                    <Button
                      size="small"
                      color="danger"
                      loading={start.isPending && start.variables?.id === offer.id}
                      onClick={() => start.mutate(offer)}
                      data-testid="bargain-start"
                    >
                      {t('bargain.start')}
                    </Button>
                  )
                }
                data-testid="bargain-offer"
              >
                <div>{offer.title}</div>
                <div style={{ color: 'var(--adm-color-danger)' }}>
                  {yuan(offer.priceFen)} → <strong>{yuan(offer.floorFen)}</strong>
                </div>
              </List.Item>
            ))}
          </List>
        )}
      </QueryState>
    </div>
  );
}

function Helpers({ b }: { b: Bargain }) {
  const { t } = useTranslation('shop');
  return (
    <List header={t('bargain.helpersTitle', { n: b.helpers, of: b.helpersNeeded })} data-testid="bargain-helpers">
      {b.cuts.length === 0 ? (
        <List.Item>{t('bargain.noHelpers')}</List.Item>
      ) : (
        b.cuts.map((c) => (
          <List.Item
            key={`${c.at}-${c.helperName}`}
            description={shortDateTime(c.at)}
            extra={<span style={{ color: 'var(--adm-color-danger)' }}>-{yuan(c.amountFen)}</span>}
            data-testid="bargain-helper"
          >
            {c.helperName}
            {c.newcomer && (
              <Tag color="success" style={{ marginLeft: 4 }}>
                {t('bargain.newcomer')}
              </Tag>
            )}
          </List.Item>
        ))
      )}
    </List>
  );
}

/**
 * One bargain: its price now against the floor, the helpers' cuts, the time left; its starter
 * shares it and buys it (once, at the price now); a friend cuts it once (砍一刀).
 */
export function BargainDetailPage() {
  const { t } = useTranslation('shop');
  const navigate = useNavigate();
  const client = useQueryClient();
  const { id = '' } = useParams();
  const view = useQuery({ queryKey: bargainKey(id), queryFn: () => api.get<Bargain>(`shop/bargains/${encodeURIComponent(id)}`) });
  const cut = useMutation({
    mutationFn: () => api.post<CutResult>(`shop/bargains/${encodeURIComponent(id)}/cuts`, {}, { 'X-Device-Id': deviceId() }),
    onSuccess: (c) => {
      Toast.show({ icon: 'success', content: t('bargain.cutDone', { amount: yuan(c.amountFen) }) });
      void client.invalidateQueries({ queryKey: bargainKey(id) });
    },
    onError: (err) => {
      Toast.show({ icon: 'fail', content: cutErrorText(t, err) });
      void client.invalidateQueries({ queryKey: bargainKey(id) });
    },
  });
  const buy = useMutation({
    mutationFn: () => api.post<{ id: string }>(`shop/bargains/${encodeURIComponent(id)}/purchase`, {}),
    onSuccess: (order) => navigate(`/orders/${order.id}`),
    onError: (err) => {
      Toast.show({ icon: 'fail', content: errorText(t, err) });
      void client.invalidateQueries({ queryKey: bargainKey(id) });
    },
  });
  return (
    <div className="ll-page">
      <NavBar onBack={() => navigate('/bargain')}>{t('bargain.title')}</NavBar>
      <QueryState query={view}>
        {(b) => {
          const done = b.priceFen - b.currentPriceFen;
          const open = b.state === 'open';
          return (
            <>
              <Card title={b.title} extra={<Tag>{t(`bargain.state.${b.state}`)}</Tag>} data-testid="bargain-card">
                {!b.mine && <div className="ll-muted">{t('bargain.askedBy', { name: b.starterName })}</div>}
                <div style={{ fontSize: 28, color: 'var(--adm-color-danger)', fontWeight: 700 }} data-testid="bargain-price">
                  {yuan(b.currentPriceFen)}
                </div>
                <div className="ll-muted">{t('bargain.fromTo', { price: yuan(b.priceFen), floor: yuan(b.floorFen) })}</div>
                <ProgressBar percent={Math.round((100 * done) / Math.max(1, b.priceFen - b.floorFen))} style={{ margin: '8px 0' }} />
                <div className="ll-muted">
                  {t('bargain.progress', { cut: yuan(done), left: b.helpersNeeded - b.helpers })} ·{' '}
                  {t('bargain.expiresAt', { at: shortDateTime(b.expiresAt) })}
                </div>
                <div style={{ display: 'flex', gap: 8, marginTop: 12 }}>
                  {b.mine && open && (
                    <Button
                      style={{ flex: 1 }}
                      onClick={() =>
                        void copyLink(b.sharePath).then((ok) => Toast.show({ content: ok ? t('bargain.copied') : t('bargain.copyFailed') }))
                      }
                      data-testid="bargain-share"
                    >
                      {t('bargain.share')}
                    </Button>
                  )}
                  {b.mine && open && (
                    <Button
                      style={{ flex: 1 }}
                      color="danger"
                      loading={buy.isPending}
                      onClick={() => buy.mutate()}
                      data-testid="bargain-buy"
                    >
                      {t('bargain.buy', { price: yuan(b.currentPriceFen) })}
                    </Button>
                  )}
                  {b.mine && b.orderId && (
                    <Button style={{ flex: 1 }} onClick={() => navigate(`/orders/${b.orderId}`)} data-testid="bargain-order">
                      {t('bargain.viewOrder')}
                    </Button>
                  )}
                  {!b.mine && open && !b.helpedByMe && b.helpers < b.helpersNeeded && (
                    <Button
                      block
                      color="danger"
                      size="large"
                      loading={cut.isPending}
                      onClick={() => cut.mutate()}
                      data-testid="bargain-cut"
                    >
                      {t('bargain.cut')}
                    </Button>
                  )}
                  {!b.mine && b.helpedByMe && <Tag color="success">{t('bargain.helped')}</Tag>}
                </div>
              </Card>
              <Helpers b={b} />
            </>
          );
        }}
      </QueryState>
    </div>
  );
}
