import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, InputNumber, Space, Typography } from 'antd';
import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../../../common/api.ts';
import { errorText } from '../../../../common/i18n.ts';
import { LoadError } from '../../../../desktop/LoadError.tsx';
import { api } from '../../api.ts';
import { type DeliverySettings, deliverySettingsKey } from '../shared.ts';

type Rule = DeliverySettings['driverBreak'];
type Field = keyof Rule;

/** 3 小时 / 3 小时 30 分钟 / 45 分钟 of a number of minutes. */
export function hoursText(t: TFunction, minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (h === 0) return t('dispatch:breaks.onlyMinutes', { m });
  return m === 0 ? t('dispatch:breaks.hours', { h }) : t('dispatch:breaks.hoursMinutes', { h, m });
}

/** A refused save: the server's own words for a 400 (its first issue, else its message), else the usual error text. */
function refusalText(t: TFunction, err: unknown): string {
  if (err instanceof ApiError && err.status === 400) {
    const issues = err.details?.issues as { message?: string }[] | undefined;
    const reason = (Array.isArray(issues) && issues[0]?.message) || err.message;
    if (reason) return t('dispatch:breaks.refused', { reason });
  }
  return errorText(t, err);
}

/**
 * Every driver's break (delivery settings): how long (0: none), and the window after the plan's
 * departure in which it starts, in minutes (shown in hours too); saved together with its button.
 */
export function DriverBreakSetting() {
  const { t } = useTranslation('dispatch');
  const { message } = App.useApp();
  const client = useQueryClient();
  const settings = useQuery({
    queryKey: deliverySettingsKey,
    queryFn: () => api.get<DeliverySettings>('admin/delivery-settings'),
  });
  // What the dispatcher typed over the saved rule (null: a cleared field).
  const [typed, setTyped] = useState<Partial<Record<Field, number | null>>>({});
  const [refusal, setRefusal] = useState<string | null>(null);
  const saved = settings.data?.driverBreak;
  const value = saved ? { ...saved, ...typed } : undefined;
  const complete = value && value.minutes !== null && value.fromMinutes !== null && value.untilMinutes !== null ? (value as Rule) : null;
  const changed = Boolean(saved && complete && (Object.keys(saved) as Field[]).some((k) => complete[k] !== saved[k]));
  const backwards = complete !== null && complete.fromMinutes > complete.untilMinutes;
  const save = useMutation({
    mutationFn: (rule: Rule) => api.patch<DeliverySettings>('admin/delivery-settings', { driverBreak: rule }),
    onSuccess: (s) => {
      client.setQueryData(deliverySettingsKey, s);
      setTyped({});
      setRefusal(null);
      message.success(t('breaks.saved'));
    },
    onError: (err) => setRefusal(refusalText(t, err)),
  });
  const edit = (field: Field) => (v: number | null) => {
    setRefusal(null);
    setTyped((x) => ({ ...x, [field]: v }));
  };
  const disabled = !settings.data || save.isPending;
  const minutesInput = (field: Field, max: number, label: string) => (
    <InputNumber
      min={0}
      max={max}
      step={field === 'minutes' ? 5 : 15}
      precision={0}
      style={{ width: 88 }}
      value={value?.[field] ?? null}
      disabled={disabled}
      onChange={edit(field)}
      aria-label={label}
      data-testid={`driver-break-${field === 'minutes' ? 'minutes' : field === 'fromMinutes' ? 'from' : 'until'}`}
    />
  );
  return (
    <div style={{ padding: '8px 12px', borderTop: '1px solid #f0f0f0' }} data-testid="driver-break">
      <LoadError query={settings} />
      <Space wrap align="center" size={[8, 8]}>
        <Typography.Text strong>{t('breaks.title')}</Typography.Text>
        {minutesInput('minutes', 240, t('breaks.minutes'))}
        <Typography.Text>{t('breaks.minutesUnit')}</Typography.Text>
      </Space>
      <Space wrap align="center" size={[8, 8]} style={{ marginTop: 8 }}>
        <Typography.Text>{t('breaks.windowFrom')}</Typography.Text>
        {minutesInput('fromMinutes', 1440, t('breaks.from'))}
        <Typography.Text>{t('breaks.windowAnd')}</Typography.Text>
        {minutesInput('untilMinutes', 1440, t('breaks.until'))}
        <Typography.Text>{t('breaks.windowUntil')}</Typography.Text>
        <Button
          size="small"
          type="primary"
          disabled={!changed || backwards}
          loading={save.isPending}
          onClick={() => complete && save.mutate(complete)}
          data-testid="driver-break-save"
        >
          {t('common:save')}
        </Button>
      </Space>
      {complete && !backwards && (
        <Typography.Paragraph type="secondary" style={{ margin: '4px 0 0', fontSize: 12 }} data-testid="driver-break-hours">
          {t('breaks.windowHours', { from: hoursText(t, complete.fromMinutes), until: hoursText(t, complete.untilMinutes) })}
        </Typography.Paragraph>
      )}
      {backwards && (
        <Typography.Paragraph type="danger" style={{ margin: '4px 0 0', fontSize: 12 }}>
          {t('breaks.backwards')}
        </Typography.Paragraph>
      )}
      {refusal && (
        <Typography.Paragraph type="danger" style={{ margin: '4px 0 0' }} data-testid="driver-break-error">
          {refusal}
        </Typography.Paragraph>
      )}
      <Typography.Paragraph type="secondary" style={{ margin: '4px 0 0', fontSize: 12 }}>
        {t('breaks.hint')}
      </Typography.Paragraph>
    </div>
  );
}
