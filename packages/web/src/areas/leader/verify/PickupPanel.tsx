import { Button, Checkbox, NoticeBar, Tag } from 'antd-mobile';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { shortDateTime } from '../../../common/format.ts';
import type { PickupOrder } from '../api.ts';
import { displayPhone } from '../phone.ts';

/** Why an order cannot be handed out now, or null when it can. */
export function pickupBlock(o: PickupOrder): 'unpicked' | 'picked' | 'notDelivered' | 'notPaid' | null {
  if (o.unpicked) return 'unpicked';
  if (o.state === 'picked' || o.orderStatus === 'picked_up') return 'picked';
  if (o.orderStatus === 'paid' || o.orderStatus === 'allocated') return 'notDelivered';
  if (o.orderStatus !== 'delivered') return 'notPaid';
  return null;
}

/** What to hand over: the order's lines still to give out (all ticked), before the leader confirms. */
export function PickupPanel({
  order: o,
  busy,
  onConfirm,
  onCancel,
}: {
  order: PickupOrder;
  busy: boolean;
  onConfirm: (orderLineIds: string[] | undefined) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const open = o.lines.filter((l) => !l.pickedUp && l.quantity > 0);
  const [chosen, setChosen] = useState<string[]>(open.map((l) => l.orderLineId));
  const block = pickupBlock(o);
  const units = open.filter((l) => chosen.includes(l.orderLineId)).reduce((s, l) => s + l.quantity, 0);
  return (
    <div className="ll-card" data-testid="pickup-order">
      <div className="ll-row">
        <span className="lc-title">{t('verify.orderNo', { no: o.orderNo })}</span>
        <Tag color={o.state === 'picked' ? 'default' : o.state === 'partly' ? 'warning' : 'primary'} fill="outline">
          {t(`pickupState.${o.state}`)}
        </Tag>
      </div>
      <div className="ll-muted">{t('verify.pickupDate', { date: o.pickupDate, code: o.pickupCode })}</div>
      <div className="lv-who" data-testid="pickup-resident">
        <span className="ll-muted">{t('verify.collector')}</span>
        <span className="lv-who-name">{o.residentName || t('verify.noName')}</span>
        <span>{displayPhone(o.residentPhone)}</span>
      </div>
      {block && (
        <NoticeBar
          color={block === 'picked' ? 'alert' : 'error'}
          wrap
          data-testid="pickup-block"
          content={t(`verify.block.${block}`, { status: t(`orderStatus.${o.orderStatus}`) })}
          extra={
            block === 'notDelivered' ? (
              <Button size="mini" color="primary" fill="none" onClick={() => navigate('/deliveries')}>
                {t('home.deliveries')}
              </Button>
            ) : undefined
          }
        />
      )}
      <div className="lv-handover-title">{t('verify.handOver')}</div>
      <Checkbox.Group value={chosen} onChange={(v) => setChosen(v as string[])}>
        {o.lines.map((l) => {
          const done = l.pickedUp || l.quantity === 0;
          return (
            <div key={l.orderLineId} className="ll-row lv-line" data-testid="pickup-line">
              <Checkbox value={l.orderLineId} disabled={done || !!block}>
                <span className={done ? 'lv-line-done' : 'lv-line-title'}>{l.title}</span>
              </Checkbox>
              <span className={done ? 'll-muted' : 'lv-qty'}>
                {l.pickedUp && l.pickedUpAt
                  ? t('verify.pickedAt', { time: shortDateTime(l.pickedUpAt) })
                  : l.quantity === 0
                    ? t('verify.refunded')
                    : `×${l.quantity}`}
              </span>
            </div>
          );
        })}
      </Checkbox.Group>
      <div className="lv-actions">
        <Button onClick={onCancel} data-testid="verify-cancel">
          {t('common:cancel')}
        </Button>
        <Button
          color="primary"
          loading={busy}
          disabled={!!block || units === 0}
          onClick={() => onConfirm(chosen.length === open.length ? undefined : chosen)}
          data-testid="verify-confirm"
        >
          {t('verify.confirm', { count: units })}
        </Button>
      </div>
    </div>
  );
}
