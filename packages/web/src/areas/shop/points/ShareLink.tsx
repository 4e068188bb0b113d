import { Dialog, Toast } from 'antd-mobile';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { errorText } from '../../../common/i18n.ts';
import type { Profile } from '../types.ts';
import { nearby } from './locate.ts';
import { useChoosePoint } from './PickupPoints.tsx';
import { Spinner } from '../../../mobile/Spinner.tsx';

/**
 * A leader's share link (/shop/?point=<id>): binds that point when I have none, or asks whether
 * to switch when it is another one; then the link's parameter is dropped.
 */
export default function ShareLink({ pointId, profile }: { pointId: string; profile: Profile }) {
  const { t } = useTranslation('shop');
  const navigate = useNavigate();
  const choose = useChoosePoint();
  const started = useRef(false);

  useEffect(() => {
    if (started.current) return;
    started.current = true;
    const done = () => navigate({ pathname: '/', search: '' }, { replace: true });
    const current = profile.pickupPoint;
    const run = async () => {
      if (current?.id === pointId) return;
      if (!current) {
        const me = await choose(pointId);
        Toast.show({ content: t('points.shareBound', { name: me.pickupPoint?.name ?? '' }) });
        return;
      }
      // Name the shared point when it is among those near mine.
      const near = await nearby(current, 50).catch(() => []);
      const shared = near.find((p) => p.id === pointId);
      const yes = await Dialog.confirm({
        title: t('points.shareSwitchTitle'),
        content: shared
          ? t('points.shareSwitch', { name: shared.name, current: current.name })
          : t('points.shareSwitchUnknown', { current: current.name }),
        confirmText: t('points.switch'),
        cancelText: t('points.keep'),
      });
      if (yes) {
        const me = await choose(pointId);
        Toast.show({ content: t('points.chosen', { name: me.pickupPoint?.name ?? '' }) });
      }
    };
    run()
      .catch((err) => Toast.show({ content: errorText(t, err), icon: 'fail' }))
      .finally(done);
  }, [pointId, profile, choose, navigate, t]);

  return (
    <div className="ll-center" data-testid="share-link">
      <Spinner />
    </div>
  );
}
