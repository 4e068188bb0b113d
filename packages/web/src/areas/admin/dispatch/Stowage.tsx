import { Typography } from 'antd';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { type Route, volumeText } from './shared.ts';

type Stowage = Route['stowage'];

/** Whether a trip's stowage says more than "ambient goods in the ambient part": cold goods, boxes, or goods that do not fit. */
export const stowageWorthShowing = (s: Stowage): boolean => s.placements.some((p) => p.goods !== 'ambient') || s.problems.length > 0;

/** Litres rounded up, so a little frozen goods never reads as 0 L. */
const litres = (ml: number) => volumeText(Math.ceil(ml / 1000) * 1000);

/** Where a trip's goods ride, in words: each class of goods in its compartment or in boxes, the boxes, then what does not fit. */
export function stowageParts(t: TFunction, s: Stowage): { text: string; problem: boolean }[] {
  return [
    ...s.placements.map((p) => ({
      text: t('stowage.placement', { goods: t(`temp.${p.goods}`), volume: litres(p.volumeMl), place: t(`stowage.place.${p.place}`) }),
      problem: false,
    })),
    ...(s.boxes > 0 ? [{ text: t('timeline.boxes', { count: s.boxes }), problem: s.problems.includes('boxes') }] : []),
    ...s.unplaced.map((u) => ({ text: t('stowage.unplaced', { goods: t(`temp.${u.goods}`), volume: litres(u.volumeMl) }), problem: true })),
  ];
}

/** A trip's stowage on one line, problems in red (the route detail). */
export function StowageLine({ stowage }: { stowage: Stowage }) {
  const { t } = useTranslation('dispatch');
  if (!stowageWorthShowing(stowage)) return null;
  const parts = stowageParts(t, stowage);
  return (
    <Typography.Paragraph style={{ marginBottom: 12 }} data-testid="route-stowage">
      <Typography.Text type="secondary">{t('stowage.label')}</Typography.Text>
      {parts.map((p, i) => (
        <span key={p.text}>
          {i > 0 && ' · '}
          <Typography.Text type={p.problem ? 'danger' : undefined} data-testid="stowage-part">
            {p.text}
          </Typography.Text>
        </span>
      ))}
    </Typography.Paragraph>
  );
}
