import type * as lottery from '@linli/contracts/lottery';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Card, Dialog, List, NavBar, Tag, Toast } from 'antd-mobile';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import type { z } from 'zod';
import type { Page } from '../../../common/api.ts';
import { shortDateTime } from '../../../common/format.ts';
import { errorText } from '../../../common/i18n.ts';
import { QueryState } from '../../../mobile/QueryState.tsx';
import { api, keys as shopKeys } from '../api.ts';
import { rotationFor, sectors, wheelBackground } from './wheel.ts';

type ShopLottery = z.infer<typeof lottery.ShopLottery>;
type Draw = z.infer<typeof lottery.Draw>;

const listKey = ['shop', 'lotteries'] as const;
const drawsKey = (id: string) => ['shop', 'lotteries', id, 'draws'] as const;
/** How long the wheel spins before the prize is told. */
export const SPIN_MS = 2400;

/** The wheel: a sector per prize as wide as its odds, spun to the prize drawn. */
function Wheel({ item, rotation }: { item: ShopLottery; rotation: number }) {
  const list = sectors(item.prizes);
  const byId = new Map(item.prizes.map((p) => [p.id, p]));
  return (
    <div style={{ position: 'relative', width: 260, height: 260, margin: '12px auto' }} data-testid="lottery-wheel">
      <div
        style={{
          width: '100%',
          height: '100%',
          borderRadius: '50%',
          border: '6px solid #fa541c',
          boxSizing: 'border-box',
          background: wheelBackground(list),
          transform: `rotate(${rotation}deg)`,
          transition: `transform ${SPIN_MS}ms cubic-bezier(0.2, 0.8, 0.2, 1)`,
          position: 'relative',
        }}
      >
        {list.map((s) => {
          const mid = (s.from + s.to) / 2;
          return (
            <div
              key={s.id}
              style={{
                position: 'absolute',
                left: '50%',
                top: '50%',
                width: 80,
                marginLeft: -40,
                textAlign: 'center',
                fontSize: 12,
                transform: `rotate(${mid}deg) translateY(-92px)`,
              }}
            >
              {byId.get(s.id)?.title}
            </div>
          );
        })}
      </div>
      <div
        style={{
          position: 'absolute',
          top: -6,
          left: '50%',
          marginLeft: -10,
          width: 0,
          height: 0,
          borderLeft: '10px solid transparent',
          borderRight: '10px solid transparent',
          borderTop: '22px solid #cf1322',
        }}
      />
    </div>
  );
}

/** My draws of one lottery, newest first. */
function MyDraws({ id }: { id: string }) {
  const { t } = useTranslation('shop');
  const draws = useQuery({
    queryKey: drawsKey(id),
    queryFn: () => api.get<Page<Draw>>(`shop/lotteries/${encodeURIComponent(id)}/draws`, { page: 1, pageSize: 20 }),
  });
  return (
    <List header={t('lottery.myDraws')} data-testid="lottery-my-draws">
      <QueryState query={draws} isEmpty={(d) => d.items.length === 0} emptyText={t('lottery.noDraws')}>
        {(d) =>
          d.items.map((x) => (
            <List.Item
              key={x.id}
              description={`${shortDateTime(x.at)} · ${t(`lottery.paidWith.${x.paidWith}`, { points: x.pointsSpent })}`}
              data-testid="lottery-my-draw"
            >
              {x.prize.title}
            </List.Item>
          ))
        }
      </QueryState>
    </List>
  );
}

/** One lottery: the wheel, the draw button, every prize with its odds (shown as the law asks), my draws. */
function LotteryCard({ item, leaderId }: { item: ShopLottery; leaderId: string | null }) {
  const { t } = useTranslation('shop');
  const client = useQueryClient();
  const [rotation, setRotation] = useState(0);
  const draw = useMutation({
    mutationFn: () => api.post<Draw>(`shop/lotteries/${encodeURIComponent(item.id)}/draws`, leaderId ? { leaderId } : {}),
    onSuccess: (d) => {
      setRotation((r) => rotationFor(sectors(item.prizes), d.prize.id, r));
      window.setTimeout(() => {
        const content = [
          d.fellBack ? t('lottery.fellBack') : null,
          d.couponId ? t('lottery.wonCoupon') : null,
          d.pointsGiven > 0 ? t('lottery.wonPoints', { points: d.pointsGiven }) : null,
        ]
          .filter(Boolean)
          .join('；');
        void Dialog.alert({
          title: d.prize.kind === 'none' ? t('lottery.lost', { title: d.prize.title }) : t('lottery.won', { title: d.prize.title }),
          content: content || undefined,
          confirmText: t('lottery.ok'),
        });
        void client.invalidateQueries({ queryKey: listKey });
        void client.invalidateQueries({ queryKey: drawsKey(item.id) });
        void client.invalidateQueries({ queryKey: ['shop', 'points'] });
        if (d.couponId) void client.invalidateQueries({ queryKey: shopKeys.coupons });
      }, SPIN_MS);
    },
    onError: (err) => {
      Toast.show({ icon: 'fail', content: errorText(t, err) });
      void client.invalidateQueries({ queryKey: listKey });
    },
  });
  const free = item.freeDrawsLeft > 0 || item.pointsPerDraw === 0;
  const atLimit = item.dailyLimit !== null && item.drawsToday >= item.dailyLimit;
  return (
    <Card title={item.name} extra={<span>{t('lottery.endsAt', { at: shortDateTime(item.endsAt) })}</span>} data-testid="lottery-card">
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 6 }}>
        <Tag color="primary">{item.pointsPerDraw > 0 ? t('lottery.costPoints', { points: item.pointsPerDraw }) : t('lottery.free')}</Tag>
        {item.signInDraws > 0 && <Tag color="success">{t('lottery.signInHint', { n: item.signInDraws })}</Tag>}
        {item.freeDrawsLeft > 0 && (
          <Tag color="warning" data-testid="lottery-free-left">
            {t('lottery.freeLeft', { n: item.freeDrawsLeft })}
          </Tag>
        )}
        <Tag>
          {item.dailyLimit === null
            ? t('lottery.today', { n: item.drawsToday })
            : t('lottery.todayOf', { n: item.drawsToday, limit: item.dailyLimit })}
        </Tag>
        {item.pointsBalance !== null && <Tag>{t('lottery.balance', { points: item.pointsBalance })}</Tag>}
      </div>
      <Wheel item={item} rotation={rotation} />
      <Button
        block
        color="danger"
        size="large"
        loading={draw.isPending}
        disabled={draw.isPending || atLimit}
        onClick={() => draw.mutate()}
        data-testid="lottery-draw"
      >
        {free ? t('lottery.drawFree') : t('lottery.drawPoints', { points: item.pointsPerDraw })}
      </Button>
      <List header={t('lottery.odds')} data-testid="lottery-odds">
        {item.prizes.map((p) => (
          <List.Item
            key={p.id}
            extra={<strong data-testid="lottery-probability">{p.probability}</strong>}
            description={p.left === null ? t('lottery.unlimited') : t('lottery.left', { n: p.left })}
          >
            {p.title}
          </List.Item>
        ))}
      </List>
      <div style={{ color: 'var(--adm-color-weak)', fontSize: 12, padding: '4px 0' }}>{t('lottery.oddsHint')}</div>
      <MyDraws id={item.id} />
    </Card>
  );
}

/**
 * 幸运抽奖: the lotteries drawing now (one, when the link names it), each with its wheel, the
 * draw button (a free draw from signing in first, else points) and every prize with its odds; a
 * leader's share link (`?leader=`) is passed with each draw for attribution.
 */
export default function LotteryPage() {
  const { t } = useTranslation('shop');
  const navigate = useNavigate();
  const { id } = useParams();
  const [search] = useSearchParams();
  const leaderId = search.get('leader');
  const list = useQuery({ queryKey: listKey, queryFn: () => api.get<z.infer<typeof lottery.ShopLotteries>>('shop/lotteries') });
  return (
    <div className="ll-page">
      <NavBar onBack={() => navigate('/me')}>{t('lottery.title')}</NavBar>
      <QueryState query={list} isEmpty={(l) => l.items.filter((x) => !id || x.id === id).length === 0} emptyText={t('lottery.none')}>
        {(l) => l.items.filter((x) => !id || x.id === id).map((x) => <LotteryCard key={x.id} item={x} leaderId={leaderId} />)}
      </QueryState>
    </div>
  );
}
