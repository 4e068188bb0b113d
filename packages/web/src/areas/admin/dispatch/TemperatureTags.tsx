import { Space, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { VehicleType } from './shared.ts';
import './locales.ts';

type TemperatureClass = VehicleType['temperatureClass'];

export const tempColor: Record<TemperatureClass, string> = { ambient: 'default', chilled: 'cyan', frozen: 'blue' };

/** How goods must be kept (冷冻 / 冷藏 / 常温), one tag per class: a stop's goods, an unrouted point's. */
export function TemperatureTags({ classes }: { classes: readonly TemperatureClass[] }) {
  const { t } = useTranslation('dispatch');
  return (
    <Space size={2}>
      {classes.map((c) => (
        <Tag key={c} color={tempColor[c]} style={{ marginInlineEnd: 0 }} data-testid="temperature-tag" data-class={c}>
          {t(`temp.${c}`)}
        </Tag>
      ))}
    </Space>
  );
}
