import { Tag } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import type { TemperatureClass } from './route.ts';

/** Solid colours readable in sunlight: frozen deep blue, chilled teal, ambient grey. */
export const temperatureColor: Record<TemperatureClass, string> = {
  frozen: '#1d39c4',
  chilled: '#08979c',
  ambient: '#595959',
};

/** How the goods of a stop must be kept (冷冻 / 冷藏 / 常温), one tag per class; nothing when the stop has no goods. */
export function TemperatureTags({ classes }: { classes: readonly TemperatureClass[] }) {
  const { t } = useTranslation('driver');
  if (classes.length === 0) return null;
  return (
    <span className="dv-temps">
      {classes.map((c) => (
        <Tag key={c} color={temperatureColor[c]} fill="solid" className="dv-temp" data-testid="temperature-tag" data-class={c}>
          {t(`temperature.${c}`)}
        </Tag>
      ))}
    </span>
  );
}
