import * as points from '@linli/contracts/points';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Descriptions, Form, Input, InputNumber, Space, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import type { z } from 'zod';
import { ApiError } from '../../../common/api.ts';
import { dateTime } from '../../../common/format.ts';
import { errorText } from '../../../common/i18n.ts';
import { zodRule } from '../../../common/validation.ts';
import { api } from '../api.ts';

type ResidentPoints = z.infer<typeof points.ResidentPoints>;
type Entry = z.infer<typeof points.PointsEntry>;
type Adjustment = z.input<typeof points.PointsAdjustment>;
type Adjusted = z.infer<typeof points.PointsAdjusted>;

const residentId = points.ResidentPointsParams.shape.id;
const adjustment = points.PointsAdjustment.shape;

/** Why a lookup or an adjustment was refused, in staff's words. */
function refusal(t: TFunction, err: unknown): string {
  if (err instanceof ApiError && err.code === 'NOT_FOUND') return t('points:resident.notFound');
  if (err instanceof ApiError && err.code === 'POINTS_INSUFFICIENT' && typeof err.details?.balance === 'number') {
    return t('points:resident.insufficient', { balance: err.details.balance, needed: err.details.needed });
  }
  return errorText(t, err);
}

/**
 * One resident's points (support): the balance and every entry, newest first, and a change by hand
 * with its reason (taking more than the balance is refused and changes nothing). The resident is
 * named by id in the URL (`?resident=`), so a link from another screen opens it.
 */
export function ResidentTab() {
  const { t } = useTranslation(['points', 'common']);
  const { message } = App.useApp();
  const client = useQueryClient();
  const [params, setParams] = useSearchParams();
  const current = params.get('resident') ?? '';
  const [typed, setTyped] = useState(current);
  const [paging, setPaging] = useState({ page: 1, pageSize: 20 });
  const [form] = Form.useForm<Adjustment>();
  const valid = residentId.safeParse(current.trim()).success;
  const history = useQuery({
    queryKey: ['admin-resident-points', current, paging],
    queryFn: () => api.get<ResidentPoints>(`admin/residents/${encodeURIComponent(current.trim())}/points`, paging),
    enabled: valid,
  });
  const adjust = useMutation({
    mutationFn: (a: Adjustment) => api.post<Adjusted>(`admin/residents/${encodeURIComponent(current.trim())}/points/adjustments`, a),
    onSuccess: (r) => {
      void message.success(t('resident.adjusted', { delta: r.delta > 0 ? `+${r.delta}` : r.delta, balance: r.balance }));
      form.resetFields();
      setPaging((p) => ({ ...p, page: 1 }));
      void client.invalidateQueries({ queryKey: ['admin-resident-points', current] });
    },
    onError: (err) => void message.error(refusal(t, err)),
  });
  const open = () => {
    const id = typed.trim();
    setPaging((p) => ({ ...p, page: 1 }));
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        if (id) next.set('resident', id);
        else next.delete('resident');
        return next;
      },
      { replace: true },
    );
  };
  const columns: ColumnsType<Entry> = [
    { title: t('resident.at'), dataIndex: 'at', render: (v: string) => dateTime(v), width: 160 },
    { title: t('resident.reason'), dataIndex: 'reason', render: (r: Entry['reason']) => t(`reasons.${r}`), width: 140 },
    {
      title: t('resident.delta'),
      dataIndex: 'delta',
      width: 100,
      render: (d: number, e) => (
        <span data-testid="resident-entry-delta">
          <Typography.Text type={d > 0 ? 'success' : d < 0 ? 'danger' : undefined}>{d > 0 ? `+${d}` : d}</Typography.Text>
          {e.shortfall > 0 && <Typography.Text type="secondary">{` ${t('resident.shortfall', { points: e.shortfall })}`}</Typography.Text>}
        </span>
      ),
    },
    { title: t('resident.balanceAfter'), dataIndex: 'balanceAfter', width: 100 },
    { title: t('resident.note'), dataIndex: 'note', render: (n: string | null, e) => n ?? e.documentId ?? '—' },
  ];
  return (
    <>
      <Space.Compact style={{ maxWidth: 480, width: '100%', marginBottom: 16 }}>
        <Input
          placeholder={t('resident.idPlaceholder')}
          value={typed}
          onChange={(e) => setTyped(e.target.value)}
          onPressEnter={open}
          allowClear
          data-testid="resident-id"
        />
        <Button type="primary" onClick={open} data-testid="resident-open">
          {t('resident.open')}
        </Button>
      </Space.Compact>
      {!current && <Typography.Paragraph type="secondary">{t('resident.hint')}</Typography.Paragraph>}
      {current && !valid && <Alert type="error" showIcon title={t('resident.badId')} />}
      {history.isError && <Alert type="error" showIcon title={refusal(t, history.error)} data-testid="resident-error" />}
      {history.data && (
        <>
          <Descriptions size="small" column={2} style={{ marginBottom: 16 }}>
            <Descriptions.Item label={t('resident.id')}>{current.trim()}</Descriptions.Item>
            <Descriptions.Item label={t('resident.balance')}>
              <Typography.Text strong data-testid="resident-balance">
                {history.data.balance}
              </Typography.Text>
            </Descriptions.Item>
          </Descriptions>
          <Form<Adjustment>
            form={form}
            layout="inline"
            onFinish={(v) => adjust.mutate(v)}
            style={{ marginBottom: 16, rowGap: 8 }}
            data-testid="resident-adjust"
          >
            <Form.Item name="delta" label={t('resident.change')} rules={[zodRule(adjustment.delta, t)]} extra={t('resident.changeHint')}>
              <InputNumber precision={0} min={-1_000_000} max={1_000_000} data-testid="resident-adjust-delta" />
            </Form.Item>
            <Form.Item name="reason" label={t('resident.why')} rules={[zodRule(adjustment.reason, t)]}>
              <Input maxLength={200} style={{ width: 260 }} data-testid="resident-adjust-reason" />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={adjust.isPending} data-testid="resident-adjust-submit">
              {t('resident.apply')}
            </Button>
          </Form>
        </>
      )}
      {valid && (
        <Table<Entry>
          rowKey="id"
          size="middle"
          loading={history.isLoading}
          dataSource={history.data?.items ?? []}
          columns={columns}
          locale={{ emptyText: t('resident.noEntries') }}
          pagination={{
            current: paging.page,
            pageSize: paging.pageSize,
            total: history.data?.total ?? 0,
            onChange: (page, pageSize) => setPaging({ page, pageSize }),
          }}
          data-testid="resident-entries"
        />
      )}
    </>
  );
}
