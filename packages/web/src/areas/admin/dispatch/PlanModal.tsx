import { PlanRoutes } from '@linli/contracts/logistics';
import { useMutation } from '@tanstack/react-query';
import { Alert, Button, Col, Form, InputNumber, Modal, Progress, Result, Row, Table, TimePicker, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import type { z } from 'zod';
import { useTranslation } from 'react-i18next';
import { zodRule } from '../../../common/validation.ts';
import { api } from '../api.ts';
import { usePickupPoints } from '../purchasing/shared.tsx';
import { type ExtraVehicle, ExtraVehiclesField, ShortfallAlerts, mergeVehicles, suggestedVehicles } from './ExtraVehicles.tsx';
import { type RoutePlan, type VehicleType, routeErrorText, unservedText } from './shared.ts';
import { LineChangesAlert } from './StandingLines.tsx';

/** The planner runs once per temperature class (frozen, chilled, ambient), each up to the time limit. */
export const TEMPERATURE_CLASSES = 3;

/** Progress of a plan from the time it has taken against the longest it may take. */
export function planProgress(elapsedMs: number, timeLimitMs: number): number {
  const total = timeLimitMs * TEMPERATURE_CLASSES;
  return Math.min(99, Math.floor((elapsedMs / total) * 100));
}

const toTime = (hhmm: string): Dayjs => {
  const [h, m] = hhmm.split(':').map(Number);
  return dayjs()
    .hour(h ?? 0)
    .minute(m ?? 0)
    .second(0);
};

interface Values {
  departure: Dayjs;
  deadline: Dayjs;
  shiftHours: number;
  serviceMinutes: number;
  timeLimitS: number;
}

const timeRule = (schema: typeof PlanRoutes.shape.departure, t: Parameters<typeof zodRule>[1]) => {
  const rule = zodRule(schema, t);
  return { validator: (r: unknown, v: Dayjs | null) => rule.validator(r, v ? v.format('HH:mm') : undefined) };
};

/**
 * Plans a warehouse's routes for a date: the options (and vehicles added for the day), a progress
 * bar while the planner searches, and what came out: when the fleet is short, which points per
 * temperature class and the vehicles that would serve them, added and planned again in one click;
 * and the points moved off their standing lines, by reason.
 */
export function PlanModal({
  open,
  onClose,
  warehouseId,
  date,
  vehicleTypes,
  onPlanned,
}: {
  open: boolean;
  onClose: () => void;
  warehouseId: string | undefined;
  date: string;
  vehicleTypes: readonly VehicleType[];
  onPlanned: (plan: RoutePlan) => void;
}) {
  const { t } = useTranslation('dispatch');
  const [form] = Form.useForm<Values>();
  const [startedAt, setStartedAt] = useState<number | null>(null);
  const [now, setNow] = useState(Date.now());
  const [limitMs, setLimitMs] = useState(5000);
  // The server keeps no extra vehicles: they hold for the plans of the date they were added for.
  const [added, setAdded] = useState<{ date: string; vehicles: ExtraVehicle[] }>({ date, vehicles: [] });
  const extras = added.date === date ? added.vehicles : [];
  const setExtras = (vehicles: ExtraVehicle[]) => setAdded({ date, vehicles });
  const [lastBody, setLastBody] = useState<z.infer<typeof PlanRoutes> | null>(null);
  const points = usePickupPoints();
  const plan = useMutation({
    mutationFn: (body: unknown) => api.post<RoutePlan>('admin/route-plans', body),
    onSuccess: (result) => onPlanned(result),
    onSettled: () => setStartedAt(null),
  });
  useEffect(() => {
    if (startedAt === null) return;
    const timer = setInterval(() => setNow(Date.now()), 200);
    return () => clearInterval(timer);
  }, [startedAt]);
  useEffect(() => {
    if (open) plan.reset();
  }, [open, plan.reset]);

  const start = (body: z.infer<typeof PlanRoutes>) => {
    setLastBody(body);
    setLimitMs(body.timeLimitMs);
    setStartedAt(Date.now());
    setNow(Date.now());
    plan.mutate(body);
  };

  const submit = (v: Values) => {
    const body = PlanRoutes.safeParse({
      warehouseId,
      deliveryDate: date,
      departure: v.departure.format('HH:mm'),
      deadline: v.deadline.format('HH:mm'),
      shiftHours: v.shiftHours,
      serviceMinutes: v.serviceMinutes,
      timeLimitMs: Math.round(v.timeLimitS * 1000),
      extraVehicles: mergeVehicles(extras),
    });
    if (!body.success) return;
    start(body.data);
  };
  const running = plan.isPending;
  const elapsed = startedAt ? now - startedAt : 0;
  const result = plan.data;
  const suggested = result ? suggestedVehicles(result.shortfall) : [];
  // A point's name: from the plan's stops, else the pickup points (a point left out is on no route).
  const stopNames = new Map(result?.routes.flatMap((r) => r.stops.map((s) => [s.pickupPointId, s.pickupPointName] as const)));
  const pointName = (id: string) => stopNames.get(id) ?? points.data?.get(id)?.name ?? id;
  const planAgain =
    lastBody?.deliveryDate === date && suggested.length > 0
      ? () => {
          const next = mergeVehicles(lastBody.extraVehicles, suggested);
          setExtras(next);
          start({ ...lastBody, extraVehicles: next });
        }
      : null;

  return (
    <Modal
      open={open}
      onCancel={running ? undefined : onClose}
      closable={!running}
      mask={{ closable: !running }}
      title={t('plan.title', { date })}
      width={620}
      footer={
        result
          ? [
              <Button key="ok" type="primary" onClick={onClose} data-testid="plan-close">
                {t('common:close')}
              </Button>,
            ]
          : [
              <Button key="cancel" onClick={onClose} disabled={running}>
                {t('common:cancel')}
              </Button>,
              <Button
                key="go"
                type="primary"
                loading={running}
                disabled={!warehouseId}
                onClick={() => form.submit()}
                data-testid="plan-start"
              >
                {t('plan.start')}
              </Button>,
            ]
      }
    >
      {!result && (
        <Form
          form={form}
          layout="vertical"
          disabled={running}
          onFinish={submit}
          requiredMark={false}
          initialValues={{ departure: toTime('05:00'), deadline: toTime('09:00'), shiftHours: 8, serviceMinutes: 10, timeLimitS: 5 }}
        >
          <Typography.Paragraph type="secondary">{t('plan.hint')}</Typography.Paragraph>
          <Row gutter={16}>
            <Col span={12}>
              <Form.Item name="departure" label={t('plan.departure')} rules={[timeRule(PlanRoutes.shape.departure, t)]}>
                <TimePicker format="HH:mm" minuteStep={5} style={{ width: '100%' }} allowClear={false} />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name="deadline" label={t('plan.deadline')} rules={[timeRule(PlanRoutes.shape.deadline, t)]}>
                <TimePicker format="HH:mm" minuteStep={5} style={{ width: '100%' }} allowClear={false} />
              </Form.Item>
            </Col>
            <Col span={8}>
              <Form.Item name="shiftHours" label={t('plan.shiftHours')} rules={[zodRule(PlanRoutes.shape.shiftHours, t)]}>
                <InputNumber min={1} max={16} step={0.5} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col span={8}>
              <Form.Item name="serviceMinutes" label={t('plan.serviceMinutes')} rules={[zodRule(PlanRoutes.shape.serviceMinutes, t)]}>
                <InputNumber min={0} max={120} precision={0} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col span={8}>
              <Form.Item
                name="timeLimitS"
                label={t('plan.timeLimit')}
                tooltip={t('plan.timeLimitHelp')}
                rules={[
                  {
                    validator: (r, v: number | null) =>
                      zodRule(PlanRoutes.shape.timeLimitMs, t).validator(r, v === null ? undefined : Math.round(v * 1000)),
                  },
                ]}
              >
                <InputNumber min={0.1} max={60} step={1} style={{ width: '100%' }} data-testid="plan-time-limit" />
              </Form.Item>
            </Col>
          </Row>
          <ExtraVehiclesField value={extras} onChange={setExtras} vehicleTypes={vehicleTypes} disabled={running} />
        </Form>
      )}
      {running && (
        <div data-testid="plan-progress">
          <Typography.Text>{t('plan.running')}</Typography.Text>
          <Progress percent={planProgress(elapsed, limitMs)} status="active" />
          <Typography.Text type="secondary">
            {t('plan.elapsed', { elapsed: (elapsed / 1000).toFixed(1), total: Math.round((limitMs * TEMPERATURE_CLASSES) / 1000) })}
          </Typography.Text>
        </div>
      )}
      {plan.isError && (
        <Alert type="error" showIcon title={routeErrorText(t, plan.error)} style={{ marginTop: 12 }} data-testid="plan-error" />
      )}
      {result && (
        <div data-testid="plan-result">
          <Result
            status={result.unserved.length ? 'warning' : 'success'}
            title={t('plan.done', { routes: result.routes.length, stops: result.routes.reduce((s, r) => s + r.stops.length, 0) })}
            subTitle={result.unserved.length ? t('plan.unserved', { count: result.unserved.length }) : undefined}
            style={{ padding: '8px 0' }}
          />
          <ShortfallAlerts shortfall={result.shortfall} onAddAndPlan={planAgain} />
          <LineChangesAlert changes={result.lineChanges} pointName={pointName} />
          {result.unserved.length > 0 && (
            <Table
              size="small"
              rowKey="pickupPointId"
              dataSource={result.unserved}
              pagination={false}
              scroll={{ y: 220 }}
              showHeader={false}
              columns={[
                {
                  key: 'p',
                  width: 200,
                  render: (_, u) => <Typography.Text strong>{points.data?.get(u.pickupPointId)?.name ?? u.pickupPointId}</Typography.Text>,
                },
                { key: 'r', render: (_, u) => <Typography.Text type="secondary">{unservedText(t, u)}</Typography.Text> },
              ]}
            />
          )}
        </div>
      )}
    </Modal>
  );
}
