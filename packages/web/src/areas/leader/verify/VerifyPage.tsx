import * as aftersales from '@linli/contracts/aftersales';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Button, Input, NoticeBar, Popup, Result } from 'antd-mobile';
import dayjs from 'dayjs';
import { Suspense, lazy, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { ApiError } from '../../../common/api.ts';
import { businessToday } from '../../../common/format.ts';
import { errorCode, errorText } from '../../../common/i18n.ts';
import { validate } from '../../../common/validation.ts';
import { api, type PickupOrder, type PickupVerified, useMe } from '../api.ts';
import { Chips } from '../Chips.tsx';
import { Page } from '../Page.tsx';
import { codeProblem, normalizeCode } from './code.ts';
import { PickupPanel } from './PickupPanel.tsx';
import { PickupProgress } from './PickupProgress.tsx';

// The camera and the QR decoder load only when the leader taps "scan".
const Scanner = lazy(() => import('./Scanner.tsx'));

type Which = { code: string; pickupDate: string; pickupPointId?: string } | { scan: string };

/** Pickup verification (核销): type the resident's 6-digit code or scan their QR, check what to hand over, confirm. */
export default function VerifyPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const client = useQueryClient();
  const me = useMe();
  const today = businessToday();
  const [code, setCode] = useState('');
  const [pickupDate, setPickupDate] = useState(today);
  const [codeError, setCodeError] = useState<string | null>(null);
  const [scanning, setScanning] = useState(false);
  const [which, setWhich] = useState<Which | null>(null);
  const [choosePoint, setChoosePoint] = useState<string[] | null>(null);

  const find = useMutation({ mutationFn: (w: Which) => api.post<PickupOrder>('leader/pickups/find', w) });
  const verify = useMutation({
    mutationFn: (body: Which & { orderLineIds?: string[] }) => api.post<PickupVerified>('leader/pickups/verify', body),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ['leader', 'orders'] });
      void client.invalidateQueries({ queryKey: ['leader', 'unpicked'] });
      void client.invalidateQueries({ queryKey: ['leader', 'pickups'] });
    },
  });

  const lookUp = (w: Which) => {
    setWhich(w);
    setChoosePoint(null);
    verify.reset();
    find.mutate(w, {
      onError: (err) => {
        // One code at two of my pickup points on the same day: ask which point.
        const ids = err instanceof ApiError ? (err.details?.pickupPointIds as string[] | undefined) : undefined;
        if (ids?.length) setChoosePoint(ids);
      },
    });
  };
  const submitCode = () => {
    const problem = codeProblem(code);
    if (problem) return setCodeError(t(`verify.codeProblem.${problem}`));
    const checked = validate(aftersales.FindPickup, { code, pickupDate }, t);
    if (!checked.ok) return setCodeError(Object.values(checked.fields)[0] ?? t('common:validation.invalid'));
    setCodeError(null);
    lookUp({ code, pickupDate });
  };
  const reset = () => {
    setWhich(null);
    setCode('');
    setChoosePoint(null);
    find.reset();
    verify.reset();
  };
  // The lookup's failures in the words of the counter: no such code that day, not one of our QR codes.
  const findError = (err: unknown) => {
    if (errorCode(err) === 'NOT_FOUND') return which && 'scan' in which ? t('verify.notFoundScan') : t('verify.notFound');
    if (errorCode(err) === 'VALIDATION_FAILED' && which && 'scan' in which) return t('verify.notPickupQr');
    return errorText(t, err);
  };
  const dates = [0, 1, 2].map((n) => dayjs(today).subtract(n, 'day').format('YYYY-MM-DD'));
  const points = me.data?.pickupPoints ?? [];

  if (verify.isSuccess) {
    const handed = verify.data.order.lines.filter((l) => verify.data.orderLineIds.includes(l.orderLineId));
    return (
      <Page title={t('verify.title')}>
        <Result
          status="success"
          title={t('verify.done')}
          description={handed.map((l) => `${l.title} ×${l.quantity}`).join('、')}
          data-testid="verify-done"
        />
        <Button block color="primary" size="large" onClick={reset} data-testid="verify-next">
          {t('verify.next')}
        </Button>
      </Page>
    );
  }

  return (
    <Page
      title={t('verify.title')}
      right={
        <Button size="mini" fill="none" onClick={() => navigate('/unpicked')}>
          {t('home.unpicked')}
        </Button>
      }
    >
      {!find.data && (
        <div className="ll-card">
          <div className="lh-card-title">{t('verify.codeLabel')}</div>
          <Input
            className="lv-code"
            inputMode="numeric"
            autoComplete="one-time-code"
            maxLength={7}
            value={code}
            placeholder="000000"
            onChange={(v) => {
              setCode(normalizeCode(v));
              setCodeError(null);
            }}
            onEnterPress={submitCode}
            data-testid="verify-code-input"
          />
          {codeError && (
            <div className="ll-field-error" data-testid="verify-code-error">
              {codeError}
            </div>
          )}
          <div className="lv-dates">
            <span className="ll-muted">{t('verify.pickupOn')}</span>
            <Chips
              options={dates.map((d, i) => ({ label: i === 0 ? t('verify.today') : d.slice(5), value: d }))}
              value={pickupDate}
              onChange={setPickupDate}
              testid="verify-date"
            />
          </div>
          <Button block color="primary" size="large" loading={find.isPending} onClick={submitCode} data-testid="verify-find">
            {t('verify.find')}
          </Button>
          <div className="lv-or">{t('verify.or')}</div>
          <Button block size="large" onClick={() => setScanning(true)} data-testid="scan-start">
            {t('verify.scan')}
          </Button>
        </div>
      )}
      {find.isError && !choosePoint && <NoticeBar color="error" wrap content={findError(find.error)} data-testid="verify-error" />}
      {choosePoint && which && 'code' in which && (
        <div className="ll-card" data-testid="verify-choose-point">
          <div className="lh-card-title">{t('verify.choosePoint')}</div>
          {points
            .filter((p) => choosePoint.includes(p.id))
            .map((p) => (
              <Button key={p.id} block className="lv-point" onClick={() => lookUp({ ...which, pickupPointId: p.id })}>
                {p.name}
              </Button>
            ))}
        </div>
      )}
      {find.data && which && (
        <PickupPanel
          key={find.data.orderId}
          order={find.data}
          busy={verify.isPending}
          onCancel={reset}
          onConfirm={(orderLineIds) => verify.mutate({ ...which, ...(orderLineIds ? { orderLineIds } : {}) })}
        />
      )}
      {verify.isError && <NoticeBar color="error" wrap content={errorText(t, verify.error)} data-testid="verify-error" />}
      {!find.data && <PickupProgress date={pickupDate} />}
      <Popup visible={scanning} onClose={() => setScanning(false)} destroyOnClose bodyStyle={{ height: '100vh', background: '#000' }}>
        <Suspense fallback={null}>
          {scanning && (
            <Scanner
              onClose={() => setScanning(false)}
              onResult={(payload) => {
                setScanning(false);
                lookUp({ scan: payload });
              }}
            />
          )}
        </Suspense>
      </Popup>
    </Page>
  );
}
