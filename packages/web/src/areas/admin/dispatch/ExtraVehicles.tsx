import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, Button, InputNumber, Select, Space, Typography } from 'antd';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { Shortfall, VehicleType } from './shared.ts';
import './locales.ts';

/** Vehicles or carrier trips added to a vehicle type's available count, for one plan of one date. */
export interface ExtraVehicle {
  vehicleTypeId: string;
  count: number;
}

/** Extra vehicles added together, one entry per type (in the order the types first appear). */
export function mergeVehicles(...lists: readonly (readonly ExtraVehicle[])[]): ExtraVehicle[] {
  const counts = new Map<string, number>();
  for (const e of lists.flat()) counts.set(e.vehicleTypeId, (counts.get(e.vehicleTypeId) ?? 0) + e.count);
  return [...counts].map(([vehicleTypeId, count]) => ({ vehicleTypeId, count }));
}

/** The vehicles a plan's shortfall asks for: each suggestion that adds at least one vehicle. */
export function suggestedVehicles(shortfall: readonly Shortfall[]): ExtraVehicle[] {
  return mergeVehicles(
    shortfall.flatMap((s) =>
      s.suggestion && s.suggestion.count > 0 ? [{ vehicleTypeId: s.suggestion.vehicleTypeId, count: s.suggestion.count }] : [],
    ),
  );
}

/** "3 pickup points not served (frozen goods): 2 more 冷冻车 3.8 米 would serve them". */
export function shortfallText(t: TFunction, s: Shortfall): string {
  const points = t('dispatch:shortfall.points', { count: s.pickupPointIds.length, goods: t(`dispatch:goods.${s.goods}`) });
  const v = s.suggestion;
  const what =
    v && v.count > 0
      ? t(v.servesAll ? 'dispatch:shortfall.servesAll' : 'dispatch:shortfall.servesSome', { count: v.count, type: v.vehicleTypeName }) +
        (v.trips > v.count ? t('dispatch:shortfall.trips', { trips: v.trips }) : '')
      : t('dispatch:shortfall.noType');
  return `${points}${t('dispatch:shortfall.colon')}${what}`;
}

/** What a plan left out per temperature class, and the vehicles that would serve it, added in one click. */
export function ShortfallAlerts({ shortfall, onAddAndPlan }: { shortfall: readonly Shortfall[]; onAddAndPlan: (() => void) | null }) {
  const { t } = useTranslation('dispatch');
  if (shortfall.length === 0) return null;
  return (
    <Space orientation="vertical" style={{ width: '100%', marginBottom: 12 }}>
      {shortfall.map((s) => (
        <Alert key={s.goods} type="warning" showIcon title={shortfallText(t, s)} data-testid="plan-shortfall" />
      ))}
      <Space wrap>
        {onAddAndPlan && (
          <Button type="primary" icon={<PlusOutlined />} onClick={onAddAndPlan} data-testid="plan-add-vehicles">
            {t('shortfall.addAndPlan')}
          </Button>
        )}
        <Typography.Text type="secondary">{t('shortfall.orDecide')}</Typography.Text>
      </Space>
    </Space>
  );
}

/** The plan form's extra vehicles for the day: a vehicle type and how many more, per row. */
export function ExtraVehiclesField({
  value,
  onChange,
  vehicleTypes,
  disabled,
}: {
  value: readonly ExtraVehicle[];
  onChange: (next: ExtraVehicle[]) => void;
  vehicleTypes: readonly VehicleType[];
  disabled?: boolean;
}) {
  const { t } = useTranslation('dispatch');
  const types = vehicleTypes.filter((v) => v.active);
  const options = types.map((v) => ({ value: v.id, label: `${v.name} · ${t(`temp.${v.temperatureClass}`)}` }));
  const set = (i: number, change: Partial<ExtraVehicle>) => onChange(value.map((e, j) => (j === i ? { ...e, ...change } : e)));
  const next = types.find((v) => !value.some((e) => e.vehicleTypeId === v.id)) ?? types[0];
  return (
    <div data-testid="plan-extra-vehicles">
      <Typography.Text>{t('extra.title')}</Typography.Text>
      <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginBottom: 8 }}>
        {t('extra.hint')}
      </Typography.Paragraph>
      {value.map((e, i) => (
        <Space key={e.vehicleTypeId + String(i)} style={{ display: 'flex', marginBottom: 8 }} data-testid="plan-extra-row">
          <Select
            style={{ width: 260 }}
            value={e.vehicleTypeId}
            options={options}
            disabled={disabled}
            onChange={(vehicleTypeId: string) => set(i, { vehicleTypeId })}
            aria-label={t('extra.type')}
          />
          <InputNumber
            min={1}
            max={100}
            precision={0}
            value={e.count}
            disabled={disabled}
            onChange={(count) => set(i, { count: count ?? 1 })}
            aria-label={t('extra.count')}
            suffix={t('extra.unit')}
            style={{ width: 110 }}
          />
          <Button
            type="text"
            icon={<DeleteOutlined />}
            disabled={disabled}
            aria-label={t('extra.remove')}
            onClick={() => onChange(value.filter((_, j) => j !== i))}
          />
        </Space>
      ))}
      <Button
        type="dashed"
        icon={<PlusOutlined />}
        disabled={disabled || !next}
        onClick={() => next && onChange([...value, { vehicleTypeId: next.id, count: 1 }])}
        data-testid="plan-extra-add"
      >
        {t('extra.add')}
      </Button>
    </div>
  );
}
