import { useTranslation } from 'react-i18next';
import { countdown } from '../../common/format.ts';

/** The time left until `until` at `now` (the caller ticks `now`); "closed" once passed. */
export function Countdown({ until, now }: { until: string; now: number }) {
  const { t } = useTranslation('shop');
  const left = countdown(until, now);
  if (!left) {
    return (
      <span className="shop-countdown shop-countdown-closed" data-testid="countdown">
        {t('home.closed')}
      </span>
    );
  }
  return (
    <span className="shop-countdown" data-testid="countdown">
      {t('home.cutoffIn')} {left.days > 0 && `${t('home.days', { count: left.days })} `}
      <b>{left.text}</b>
    </span>
  );
}
