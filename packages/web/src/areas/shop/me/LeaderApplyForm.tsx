import * as applications from '@linli/contracts/applications';
import { Button, Input, List, TextArea, Toast } from 'antd-mobile';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { validate } from '../../../common/validation.ts';
import type { Spot } from '../points/locate.ts';

export type ApplicationBody = applications.CreateLeaderApplication;
export type ApplicationView = applications.LeaderApplication;

interface Draft {
  name: string;
  pointName: string;
  address: string;
  lat: string;
  lng: string;
  openingHours: string;
  note: string;
}

/** Typed coordinates as numbers; blank stays undefined (required), anything else NaN (not a number). */
const coordinate = (text: string) => (text.trim() === '' ? undefined : Number(text.trim()));

/** What the form sends, in the contract's shape. */
export function applicationBody(d: Draft) {
  return {
    name: d.name,
    pickupPoint: { name: d.pointName, address: d.address, lat: coordinate(d.lat), lng: coordinate(d.lng), openingHours: d.openingHours },
    note: d.note,
  };
}

const draftOf = (from: ApplicationView | null, name: string): Draft => ({
  name: from?.name ?? name,
  pointName: from?.pickupPoint.name ?? '',
  address: from?.pickupPoint.address ?? '',
  lat: from ? String(from.pickupPoint.lat) : '',
  lng: from ? String(from.pickupPoint.lng) : '',
  openingHours: from?.pickupPoint.openingHours ?? '',
  note: from?.note ?? '',
});

/** The application, checked with the API's own schema before it is sent; the location from the phone or typed. */
export function LeaderApplyForm({
  previous,
  defaultName,
  locate,
  onSubmit,
  error,
}: {
  /** A rejected application to start from. */
  previous: ApplicationView | null;
  defaultName: string;
  locate: () => Promise<Spot>;
  onSubmit: (body: ApplicationBody) => Promise<void>;
  error: string | null;
}) {
  const { t } = useTranslation('shop');
  const [draft, setDraft] = useState<Draft>(() => draftOf(previous, defaultName));
  const [fields, setFields] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const [locating, setLocating] = useState(false);

  // a field's message goes once the field is changed
  const set = (key: keyof Draft, errorKey: string) => (value: string) => {
    setDraft((d) => ({ ...d, [key]: value }));
    setFields((f) => (errorKey in f ? Object.fromEntries(Object.entries(f).filter(([k]) => k !== errorKey)) : f));
  };

  const fillMyLocation = async () => {
    setLocating(true);
    try {
      const at = await locate();
      setDraft((d) => ({ ...d, lat: at.lat.toFixed(6), lng: at.lng.toFixed(6) }));
      setFields((f) => Object.fromEntries(Object.entries(f).filter(([k]) => k !== 'pickupPoint.lat' && k !== 'pickupPoint.lng')));
      Toast.show({ content: t('leaderApply.located') });
    } catch {
      Toast.show({ content: t('leaderApply.locateFailed') });
    } finally {
      setLocating(false);
    }
  };

  const submit = async () => {
    const checked = validate(applications.CreateLeaderApplication, applicationBody(draft), t);
    if (!checked.ok) return setFields(checked.fields);
    setFields({});
    setBusy(true);
    try {
      await onSubmit(checked.value);
    } finally {
      setBusy(false);
    }
  };

  const err = (key: string) =>
    fields[key] ? (
      <span className="ll-field-error" data-testid={`leader-apply-error-${key}`}>
        {fields[key]}
      </span>
    ) : undefined;
  const field = (label: string, key: keyof Draft, errorKey: string, testid: string, extra: Partial<Parameters<typeof Input>[0]> = {}) => (
    <List.Item title={label} description={err(errorKey)}>
      <Input value={draft[key]} onChange={set(key, errorKey)} clearable data-testid={testid} {...extra} />
    </List.Item>
  );

  return (
    <div data-testid="leader-apply-form">
      <List mode="card">
        {field(t('leaderApply.name'), 'name', 'name', 'leader-apply-name', {
          placeholder: t('leaderApply.namePlaceholder'),
          maxLength: 100,
        })}
      </List>
      <List mode="card" header={t('leaderApply.point')}>
        {field(t('leaderApply.pointName'), 'pointName', 'pickupPoint.name', 'leader-apply-point-name', {
          placeholder: t('leaderApply.pointNamePlaceholder'),
          maxLength: 100,
        })}
        {field(t('leaderApply.address'), 'address', 'pickupPoint.address', 'leader-apply-address', {
          placeholder: t('leaderApply.addressPlaceholder'),
          maxLength: 300,
        })}
        <List.Item
          title={t('leaderApply.location')}
          description={
            err('pickupPoint.lat') ?? err('pickupPoint.lng') ?? <span className="ll-muted">{t('leaderApply.locationHint')}</span>
          }
        >
          <div style={{ display: 'flex', gap: 8, alignItems: 'center' }}>
            <Input
              value={draft.lat}
              onChange={set('lat', 'pickupPoint.lat')}
              placeholder={t('leaderApply.lat')}
              inputMode="decimal"
              aria-label={t('leaderApply.lat')}
              data-testid="leader-apply-lat"
            />
            <Input
              value={draft.lng}
              onChange={set('lng', 'pickupPoint.lng')}
              placeholder={t('leaderApply.lng')}
              inputMode="decimal"
              aria-label={t('leaderApply.lng')}
              data-testid="leader-apply-lng"
            />
          </div>
          <Button
            size="small"
            color="primary"
            fill="outline"
            loading={locating}
            loadingText={t('leaderApply.locating')}
            onClick={fillMyLocation}
            style={{ marginTop: 8 }}
            data-testid="leader-apply-locate"
          >
            {t('leaderApply.locate')}
          </Button>
        </List.Item>
        {field(t('leaderApply.openingHours'), 'openingHours', 'pickupPoint.openingHours', 'leader-apply-hours', {
          placeholder: t('leaderApply.openingHoursPlaceholder'),
          maxLength: 200,
        })}
      </List>
      <List mode="card" header={t('leaderApply.note')}>
        <List.Item description={err('note')}>
          <TextArea
            value={draft.note}
            onChange={set('note', 'note')}
            placeholder={t('leaderApply.notePlaceholder')}
            maxLength={500}
            rows={4}
            showCount
            data-testid="leader-apply-note"
          />
        </List.Item>
      </List>
      {error && (
        <div className="shop-error" style={{ margin: '0 12px' }} data-testid="leader-apply-server-error">
          {error}
        </div>
      )}
      <div style={{ padding: '8px 12px' }}>
        <Button block color="primary" size="large" loading={busy} onClick={submit} data-testid="leader-apply-submit">
          {t('leaderApply.submit')}
        </Button>
      </div>
    </div>
  );
}
