import * as logistics from '@linli/contracts/logistics';
import { Button, Popup, Selector, TextArea } from 'antd-mobile';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { validate } from '../../common/validation.ts';
import type { RouteStop } from './route.ts';
import { goodsText } from './StopItem.tsx';

/** The handover checklist the driver and the leader count together; the leader confirms on their phone afterwards. */
export function HandOverSheet({
  stop,
  open,
  busy,
  onClose,
  onConfirm,
}: {
  stop: RouteStop;
  open: boolean;
  busy: boolean;
  onClose: () => void;
  onConfirm: () => void;
}) {
  const { t } = useTranslation('driver');
  return (
    <Popup visible={open} onMaskClick={onClose} bodyClassName="dv-sheet" destroyOnClose>
      <h3 className="dv-sheet-title">{t('handOver.title')}</h3>
      <p className="dv-sheet-intro">
        {stop.pickupPointName} · {goodsText(t, stop.lines)} · {t('route.crates', { count: stop.load.crates })}
      </p>
      <p className="dv-muted">{t('handOver.intro')}</p>
      <ul className="dv-lines dv-lines-scroll">
        {stop.lines.map((l) => (
          <li key={l.skuId}>
            <span>{l.title}</span>
            <strong>× {l.quantity}</strong>
          </li>
        ))}
      </ul>
      <p className="dv-hint">{t('handOver.leaderConfirms')}</p>
      <div className="dv-sheet-actions">
        <Button size="large" className="dv-big" onClick={onClose}>
          {t('common:cancel')}
        </Button>
        <Button size="large" color="primary" className="dv-big" loading={busy} onClick={onConfirm} data-testid="hand-over-confirm">
          {t('handOver.confirm')}
        </Button>
      </div>
    </Popup>
  );
}

/** Why a stop could not be served: a quick reason or the driver's own words, checked with the API's schema. */
export function FailSheet({
  open,
  busy,
  onClose,
  onSubmit,
}: {
  open: boolean;
  busy: boolean;
  onClose: () => void;
  onSubmit: (reason: string) => void;
}) {
  const { t } = useTranslation('driver');
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const reasons = t('fail.reasons', { returnObjects: true }) as string[];
  const submit = () => {
    const checked = validate(logistics.FailStop, { reason }, t);
    if (!checked.ok) return setError(checked.fields.reason ?? Object.values(checked.fields)[0] ?? null);
    setError(null);
    onSubmit(checked.value.reason);
  };
  return (
    <Popup visible={open} onMaskClick={onClose} bodyClassName="dv-sheet" destroyOnClose>
      <h3 className="dv-sheet-title">{t('fail.title')}</h3>
      <Selector
        columns={2}
        options={reasons.map((r) => ({ label: r, value: r }))}
        value={reasons.includes(reason) ? [reason] : []}
        onChange={(v) => setReason(v[0] ?? '')}
      />
      <TextArea
        className="dv-textarea"
        value={reason}
        onChange={setReason}
        placeholder={t('fail.placeholder')}
        rows={3}
        maxLength={500}
        data-testid="fail-reason"
      />
      {error && (
        <p className="ll-field-error" data-testid="fail-error">
          {error}
        </p>
      )}
      <div className="dv-sheet-actions">
        <Button size="large" className="dv-big" onClick={onClose}>
          {t('common:cancel')}
        </Button>
        <Button size="large" color="danger" className="dv-big" loading={busy} onClick={submit} data-testid="fail-submit">
          {t('fail.submit')}
        </Button>
      </div>
    </Popup>
  );
}
