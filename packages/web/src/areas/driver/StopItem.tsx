import { Tag } from 'antd-mobile';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { type RouteStop, bundleTotals, clockTime } from './route.ts';
import { TemperatureTags } from './TemperatureTags.tsx';

export const stopColor: Record<RouteStop['status'], string> = {
  pending: 'default',
  arrived: 'primary',
  handed_over: 'warning',
  confirmed: 'success',
  failed: 'danger',
};

/** "2 SKUs · 3 units" of a stop's bundle. */
export function goodsText(t: TFunction, lines: RouteStop['lines']): string {
  const { skus, units } = bundleTotals(lines);
  return `${t('driver:stop.skus', { count: skus })} · ${t('driver:stop.units', { count: units })}`;
}

/** The stop's state as a tag. */
export function StopStatusTag({ status }: { status: RouteStop['status'] }) {
  const { t } = useTranslation('driver');
  return (
    <Tag color={stopColor[status]} className="dv-tag" data-testid="stop-status" data-status={status}>
      {t(`stopStatus.${status}`)}
    </Tag>
  );
}

/** One stop in the route's list: order, name, address, planned arrival, what it takes, how it is kept and its state. */
export function StopItem({ stop, isNext, onOpen }: { stop: RouteStop; isNext: boolean; onOpen: () => void }) {
  const { t } = useTranslation('driver');
  return (
    <button
      type="button"
      className={`dv-stop${isNext ? ' dv-stop-next' : ''} dv-stop-${stop.status}`}
      onClick={onOpen}
      data-testid="stop-item"
      data-stop-id={stop.id}
    >
      <span className="dv-seq">{stop.seq}</span>
      <span className="dv-stop-body">
        <span className="dv-row">
          <strong className="dv-stop-name">{stop.pickupPointName}</strong>
          <StopStatusTag status={stop.status} />
        </span>
        <span className="dv-stop-address">{stop.address}</span>
        <span className="dv-stop-meta">
          {isNext && <span className="dv-next">{t('route.next')}</span>}
          {t('stop.plannedArrival')} {clockTime(stop.plannedArrivalAt)} · {t('route.crates', { count: stop.load.crates })} ·{' '}
          {goodsText(t, stop.lines)}
        </span>
        {stop.temperatureClasses.length > 0 && (
          <span className="dv-stop-temps">
            <TemperatureTags classes={stop.temperatureClasses} />
          </span>
        )}
      </span>
    </button>
  );
}
