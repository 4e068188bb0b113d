import { useQuery } from '@tanstack/react-query';
import { ProgressBar } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import type { Page as ApiPage } from '../../../common/api.ts';
import { api, type PickupOrder } from '../api.ts';

/** How far the day's pickups have come at my points: totals by state from the server's pickup list. */
export function PickupProgress({ date }: { date: string }) {
  const { t } = useTranslation();
  const progress = useQuery({
    queryKey: ['leader', 'pickups', date],
    queryFn: async () => {
      const count = async (state: PickupOrder['state']) =>
        (await api.get<ApiPage<PickupOrder>>('leader/pickups', { pickupDate: date, state, page: 1, pageSize: 1 })).total;
      const [picked, partly, unpicked] = await Promise.all([count('picked'), count('partly'), count('unpicked')]);
      return { picked, partly, unpicked, total: picked + partly + unpicked };
    },
  });
  if (!progress.data || progress.data.total === 0) return null;
  const p = progress.data;
  return (
    <div className="ll-card" data-testid="pickup-progress">
      <div className="ll-row lh-card-title">
        <span>{t('verify.progress', { date: date.slice(5) })}</span>
        <span className="ll-muted">
          {p.picked}/{p.total}
        </span>
      </div>
      <ProgressBar percent={(100 * p.picked) / p.total} />
      <div className="ll-muted lv-progress">{t('verify.progressText', p)}</div>
    </div>
  );
}
