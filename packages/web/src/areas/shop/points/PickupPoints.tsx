import { useQuery, useQueryClient } from '@tanstack/react-query';
import { List, NavBar, Tag, Toast } from 'antd-mobile';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { distance } from '../../../common/format.ts';
import { errorText } from '../../../common/i18n.ts';
import { QueryState } from '../../../mobile/QueryState.tsx';
import { api, keys, useProfile } from '../api.ts';
import type { PickupPoint, Profile } from '../types.ts';
import { pointsNearMe } from './locate.ts';

/** Binds the resident to a pickup point and refreshes what depends on it. */
export function useChoosePoint() {
  const client = useQueryClient();
  return async (pointId: string): Promise<Profile> => {
    const me = await api.put<Profile>('shop/me/pickup-point', { pickupPointId: pointId });
    client.setQueryData(keys.me, me);
    await client.invalidateQueries({ queryKey: keys.campaigns });
    return me;
  };
}

/** Choose or change the pickup point: nearest first, with distance. */
export default function PickupPoints() {
  const { t } = useTranslation('shop');
  const navigate = useNavigate();
  const profile = useProfile();
  const me = profile.data!;
  const choose = useChoosePoint();
  const [busy, setBusy] = useState<string | null>(null);
  const points = useQuery({
    queryKey: ['shop', 'points-near-me', me.pickupPoint?.id ?? null],
    queryFn: () => pointsNearMe(me),
    staleTime: 300_000,
  });
  const current = me.pickupPoint?.id;

  const pick = async (p: PickupPoint) => {
    if (p.id === current) return navigate('/');
    setBusy(p.id);
    try {
      await choose(p.id);
      Toast.show({ content: t('points.chosen', { name: p.name }) });
      navigate('/');
    } catch (err) {
      Toast.show({ content: errorText(t, err), icon: 'fail' });
    } finally {
      setBusy(null);
    }
  };

  return (
    <div className="ll-page">
      <NavBar back={current ? undefined : null} onBack={() => navigate(-1)}>
        {t('points.title')}
      </NavBar>
      <main className="ll-content">
        {!current && <div className="shop-notice">{t('points.firstTime')}</div>}
        {points.isPending && <div className="ll-muted">{t('points.locating')}</div>}
        <QueryState query={points} isEmpty={(d) => d.items.length === 0}>
          {({ origin, items }) => (
            <>
              <div className={origin === 'located' ? 'll-muted' : 'shop-notice'} data-testid="points-origin" data-origin={origin}>
                {t(`points.${origin}`)}
              </div>
              <List mode="card" style={{ margin: '8px 0' }}>
                {items.map((p) => (
                  <List.Item
                    key={p.id}
                    onClick={busy ? undefined : () => void pick(p)}
                    data-testid={p.id === current ? 'point-current' : 'point-item'}
                    data-point-id={p.id}
                    description={
                      <>
                        <div>{p.address}</div>
                        <div>
                          {t('points.leader', { name: p.leaderName })} · {t('points.hours', { hours: p.openingHours })}
                        </div>
                      </>
                    }
                    extra={p.distanceMeters !== undefined ? distance(p.distanceMeters) : undefined}
                    arrow={busy === p.id ? false : undefined}
                  >
                    {p.name}{' '}
                    {p.id === current && (
                      <Tag color="primary" fill="outline">
                        {t('points.current')}
                      </Tag>
                    )}
                  </List.Item>
                ))}
              </List>
            </>
          )}
        </QueryState>
      </main>
    </div>
  );
}
