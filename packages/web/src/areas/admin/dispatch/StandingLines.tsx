import { SaveOutlined } from '@ant-design/icons';
import { LineChangeCode as LineChangeCodes } from '@linli/contracts/logistics';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, type ButtonProps, Popconfirm, Tag, Tooltip } from 'antd';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../../common/api.ts';
import { errorText } from '../../../common/i18n.ts';
import { api } from '../api.ts';
import { type LineChange, type LineChangeCode, type Route, type StandingLine, standingLinesKey, vehicleKey } from './shared.ts';

/** A route's standing line, as a small tag (nothing for a route on no line). */
export function LineTag({ name }: { name: string | null }) {
  if (!name) return null;
  return (
    <Tag color="geekblue" style={{ marginInlineEnd: 4, fontSize: 11, lineHeight: '16px', paddingInline: 4 }} data-testid="route-line">
      {name}
    </Tag>
  );
}

/** A stop served off its standing line's vehicle: "off line: full", the reason in full on hover. */
export function OffLineTag({ code }: { code: LineChangeCode | null }) {
  const { t } = useTranslation('dispatch');
  if (!code) return null;
  return (
    <Tooltip title={t(`lines.reasonLong.${code}`)}>
      <Tag
        color="orange"
        style={{ marginInlineStart: 6, marginInlineEnd: 0, fontSize: 11, lineHeight: '16px' }}
        data-testid="stop-off-line"
        data-code={code}
      >
        {t('lines.off', { reason: t(`lines.reason.${code}`) })}
      </Tag>
    </Tooltip>
  );
}

/** The points a plan moved off their lines, by reason in the contract's order: "3 points moved off their line: 2 full, 1 cheaper". */
export function lineChangesSummary(t: TFunction, changes: readonly LineChange[]): string {
  const parts = groupByCode(changes).map(([code, list]) =>
    t('dispatch:lines.part', { count: list.length, why: t(`dispatch:lines.why.${code}`) }),
  );
  return t('dispatch:lines.moved', { count: changes.length, parts: parts.join(t('dispatch:lines.sep')) });
}

function groupByCode(changes: readonly LineChange[]): [LineChangeCode, LineChange[]][] {
  return LineChangeCodes.options.flatMap((code) => {
    const list = changes.filter((c) => c.code === code);
    return list.length ? [[code, list] as [LineChangeCode, LineChange[]]] : [];
  });
}

/** A plan's line changes: the summary, then per reason the points with their line. Nothing when every point kept its line. */
export function LineChangesAlert({ changes, pointName }: { changes: readonly LineChange[]; pointName: (id: string) => string }) {
  const { t } = useTranslation('dispatch');
  if (changes.length === 0) return null;
  return (
    <Alert
      type="info"
      showIcon
      style={{ marginBottom: 12 }}
      data-testid="plan-line-changes"
      title={lineChangesSummary(t, changes)}
      description={
        <ul style={{ margin: 0, paddingInlineStart: 18 }}>
          {groupByCode(changes).map(([code, list]) => (
            <li key={code} data-testid="plan-line-change" data-code={code}>
              {t(`lines.why.${code}`)}
              {t('shortfall.colon')}
              {list.map((c) => t('lines.pointOnLine', { point: pointName(c.pickupPointId), line: c.lineName })).join(t('lines.sep'))}
            </li>
          ))}
        </ul>
      }
    />
  );
}

/**
 * Saves the shown day's routes of the warehouse as its standing lines (one per vehicle, with its
 * driver), after a confirmation that they replace the warehouse's lines.
 */
export function SaveLinesButton({
  date,
  warehouseId,
  routes,
}: {
  date: string;
  warehouseId: string | undefined;
  routes: readonly Route[];
}) {
  const { t } = useTranslation('dispatch');
  const { message } = App.useApp();
  const client = useQueryClient();
  const vehicles = new Set(routes.filter((r) => r.status !== 'cancelled' && r.stops.length > 0).map(vehicleKey)).size;
  const save = useMutation({
    mutationFn: () => api.post<{ items: StandingLine[] }>('admin/standing-lines/from-routes', { warehouseId, deliveryDate: date }),
    onSuccess: ({ items }) => {
      void client.invalidateQueries({ queryKey: standingLinesKey });
      void client.invalidateQueries({ queryKey: ['admin', 'routes'] });
      message.success(t('lines.saved', { count: items.length }));
    },
    onError: (err) => message.error(err instanceof ApiError && err.code === 'INVALID_STATE' ? t('lines.noRoutes') : errorText(t, err)),
  });
  return (
    <Popconfirm
      title={t('lines.save')}
      description={<div style={{ maxWidth: 320 }}>{t('lines.saveConfirm', { date, count: vehicles })}</div>}
      okText={t('lines.saveOk')}
      okButtonProps={{ 'data-testid': 'save-lines-confirm' } as ButtonProps}
      onConfirm={() => save.mutateAsync().catch(() => undefined)}
      disabled={!warehouseId || vehicles === 0}
    >
      <Button icon={<SaveOutlined />} disabled={!warehouseId || vehicles === 0} loading={save.isPending} data-testid="save-lines">
        {t('lines.save')}
      </Button>
    </Popconfirm>
  );
}
