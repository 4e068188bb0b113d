import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, type ButtonProps, DatePicker, Modal, Space, Typography } from 'antd';
import dayjs from 'dayjs';
import type { TFunction } from 'i18next';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../../common/api.ts';
import { yuan } from '../../../common/format.ts';
import { api } from '../api.ts';
import { addDays } from '../purchasing/shared.tsx';
import { type UnroutedDecision, type UnroutedPoint, routeErrorText } from './shared.ts';

export type Decision = UnroutedDecision['decision'];

/** "12 orders moved to 2026-11-22, 11 residents told" / "3 orders refunded, ¥86.00 in all, 3 residents told". */
export function decisionText(t: TFunction, d: UnroutedDecision): string {
  if (d.orders === 0) return t('dispatch:unrouted.nothingLeft');
  const done =
    d.decision === 'postpone'
      ? t('dispatch:unrouted.postponed', { count: d.orders, date: d.postponeTo })
      : t('dispatch:unrouted.refunded', { count: d.orders, amount: yuan(d.refundedFen) });
  return `${done}${t('dispatch:unrouted.sep')}${t('dispatch:unrouted.told', { count: d.residentsTold })}`;
}

/**
 * Confirms a decision for the chosen unrouted points and sends it: postpone to a date (the day
 * after by default) or refund in full, saying how many orders and how much money the operator bears.
 */
export function DecisionModal({
  date,
  decision,
  points,
  onClose,
  onDone,
}: {
  date: string;
  decision: Decision | null;
  points: readonly UnroutedPoint[];
  onClose: () => void;
  onDone: (result: UnroutedDecision) => void;
}) {
  const { t } = useTranslation('dispatch');
  const client = useQueryClient();
  const [postponeTo, setPostponeTo] = useState(addDays(date, 1));
  const send = useMutation({
    mutationFn: (body: { deliveryDate: string; pickupPointIds: string[]; decision: Decision; postponeTo?: string }) =>
      api.post<UnroutedDecision>('admin/unrouted-points/decisions', body),
    onSuccess: (result) => {
      onDone(result);
      onClose();
    },
    // Refreshed either way: a refusal (a point put on a route meanwhile) means the list was stale.
    onSettled: () => {
      // ['admin', 'routes'] holds the unrouted list too.
      void client.invalidateQueries({ queryKey: ['admin', 'routes'] });
      void client.invalidateQueries({ queryKey: ['admin', 'sorting'] });
      void client.invalidateQueries({ queryKey: ['admin-dashboard'] });
    },
  });
  useEffect(() => {
    if (decision) {
      setPostponeTo(addDays(date, 1));
      send.reset();
    }
  }, [decision, date, send.reset]);

  const orders = points.reduce((s, p) => s + p.orders, 0);
  const amount = yuan(points.reduce((s, p) => s + p.amountFen, 0));
  const refund = decision === 'refund';
  const submit = () =>
    send.mutate({
      deliveryDate: date,
      pickupPointIds: points.map((p) => p.pickupPointId),
      decision: refund ? 'refund' : 'postpone',
      ...(refund ? {} : { postponeTo }),
    });
  const failure =
    send.error instanceof ApiError && send.error.code === 'INVALID_STATE'
      ? t('unrouted.onRoute')
      : send.error && routeErrorText(t, send.error);

  return (
    <Modal
      open={decision !== null}
      title={refund ? t('unrouted.refundTitle') : t('unrouted.postponeTitle')}
      onCancel={send.isPending ? undefined : onClose}
      onOk={submit}
      okText={refund ? t('unrouted.refundOk') : t('unrouted.postponeOk', { date: postponeTo })}
      okButtonProps={{ danger: refund, loading: send.isPending, 'data-testid': 'unrouted-confirm' } as ButtonProps}
      cancelButtonProps={{ disabled: send.isPending }}
      destroyOnHidden
    >
      <Space orientation="vertical" style={{ width: '100%' }} data-testid="unrouted-confirm-text">
        {refund ? (
          <>
            <Typography.Paragraph style={{ margin: 0 }}>
              {t('unrouted.refundText', { count: orders, points: points.length, amount })}
            </Typography.Paragraph>
            <Alert type="warning" showIcon title={t('unrouted.refundBorne', { amount })} />
          </>
        ) : (
          <>
            <Typography.Paragraph style={{ margin: 0 }}>
              {t('unrouted.postponeText', { count: orders, points: points.length })}
            </Typography.Paragraph>
            <Space>
              <Typography.Text>{t('unrouted.postponeTo')}</Typography.Text>
              <DatePicker
                value={dayjs(postponeTo)}
                allowClear={false}
                disabledDate={(d) => d.format('YYYY-MM-DD') <= date}
                onChange={(d) => d && setPostponeTo(d.format('YYYY-MM-DD'))}
                data-testid="unrouted-postpone-date"
              />
            </Space>
          </>
        )}
        {failure && <Alert type="error" showIcon title={failure} data-testid="unrouted-error" />}
      </Space>
    </Modal>
  );
}
