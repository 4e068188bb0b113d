import { PrinterOutlined, ReloadOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, Empty, Input, Row, Segmented, Skeleton, Space, Statistic, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { businessToday } from '../../../common/format.ts';
import { errorText } from '../../../common/i18n.ts';
import { LoadError } from '../../../desktop/LoadError.tsx';
import { api } from '../api.ts';
import { DayPicker, ExportButton } from '../purchasing/shared.tsx';
import { fetchHtml } from './labels.ts';
import { LabelsPreview } from './LabelsPreview.tsx';
import { type BundleLine, RouteSheet, type SortingSheet, unitsOf } from './RouteSheet.tsx';
import { WarehousePicker, useWarehouseParam } from '../warehouses.tsx';
import './locales.ts';

/** The sheet's totals: routes, pickup points (bundles), crates and units, and the points on no route. */
export function sheetStats(sheet: SortingSheet) {
  const bundles = sheet.routes.flatMap((r) => r.bundles);
  return {
    routes: sheet.routes.filter((r) => r.routeId !== null).length,
    points: bundles.length,
    crates: bundles.reduce((s, b) => s + b.crates, 0),
    units: unitsOf(sheet.skuTotals),
    unrouted: sheet.routes.find((r) => r.routeId === null)?.bundles.length ?? 0,
  };
}

/** Keeps the bundles whose pickup point name contains the text, and the routes that still have some. */
export function filterSheet(sheet: SortingSheet, text: string): SortingSheet {
  const q = text.trim();
  if (!q) return sheet;
  const routes = sheet.routes
    .map((r) => ({ ...r, bundles: r.bundles.filter((b) => b.pickupPointName.includes(q)) }))
    .filter((r) => r.bundles.length > 0);
  return { ...sheet, routes };
}

/** The sorting sheets of a delivery date: by route in loading order and by item; labels to print, the Excel. */
export default function SortingPage() {
  const { t } = useTranslation('sorting');
  const { message } = App.useApp();
  const [date, setDate] = useState(businessToday());
  // One warehouse's sheet (its routes and the points it serves), kept in the URL; all of them by default.
  const { warehouseId, setWarehouseId, active } = useWarehouseParam();
  const [view, setView] = useState<'routes' | 'skus'>('routes');
  const [search, setSearch] = useState('');
  const [labels, setLabels] = useState<string | null>(null);
  const [printing, setPrinting] = useState(false);
  const query = { deliveryDate: date, warehouseId };
  const sheet = useQuery({ queryKey: ['admin', 'sorting', query], queryFn: () => api.get<SortingSheet>('admin/sorting', query) });

  const openLabels = async () => {
    setPrinting(true);
    try {
      setLabels(await fetchHtml('admin/sorting/labels.html', query));
    } catch (err) {
      message.error(errorText(t, err));
    } finally {
      setPrinting(false);
    }
  };

  const data = sheet.data;
  const stats = data ? sheetStats(data) : null;
  const shown = data ? filterSheet(data, search) : null;
  const empty = data !== undefined && data.routes.length === 0;

  return (
    <Card>
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 16 }} wrap>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('title')}
        </Typography.Title>
        <Space wrap>
          <Button icon={<PrinterOutlined />} loading={printing} disabled={empty} onClick={openLabels} data-testid="labels-print">
            {printing ? t('labels.loading') : t('labels.button')}
          </Button>
          <ExportButton
            path="admin/sorting/sorting.xlsx"
            filename={`sorting-${date}${warehouseId ? `-${active.find((w) => w.id === warehouseId)?.name ?? warehouseId}` : ''}.xlsx`}
            query={query}
            disabled={empty}
            testId="sorting-export"
          />
        </Space>
      </Space>
      <Space wrap style={{ marginBottom: 16 }}>
        <DayPicker value={date} onChange={(d) => d && setDate(d)} />
        <WarehousePicker value={warehouseId} onChange={setWarehouseId} active={active} />
        <Segmented
          value={view}
          onChange={(v) => setView(v as 'routes' | 'skus')}
          options={[
            { value: 'routes', label: t('view.routes') },
            { value: 'skus', label: t('view.skus') },
          ]}
        />
        {view === 'routes' && (
          <Input.Search
            allowClear
            placeholder={t('search')}
            style={{ width: 220 }}
            onSearch={setSearch}
            onChange={(e) => !e.target.value && setSearch('')}
          />
        )}
        <Button icon={<ReloadOutlined />} onClick={() => void sheet.refetch()} loading={sheet.isFetching}>
          {t('common:refresh')}
        </Button>
      </Space>
      <LoadError query={sheet} />
      {sheet.isPending && <Skeleton active />}
      {empty && <Empty description={t('none')} />}
      {stats && !empty && (
        <>
          <Row gutter={16} style={{ marginBottom: 16 }}>
            {(['routes', 'points', 'crates', 'units'] as const).map((k) => (
              <Col span={6} key={k}>
                <Card size="small">
                  <Statistic title={t(`stats.${k}`)} value={stats[k]} />
                </Card>
              </Col>
            ))}
          </Row>
          {stats.unrouted > 0 && (
            <Alert type="warning" showIcon title={t('unrouted', { count: stats.unrouted })} style={{ marginBottom: 16 }} />
          )}
        </>
      )}
      {shown && !empty && view === 'routes' && (
        <Space orientation="vertical" size={16} style={{ width: '100%' }}>
          {shown.routes.length === 0 && <Empty description={t('noMatch')} />}
          {shown.routes.map((r) => (
            <RouteSheet key={r.routeId ?? 'unrouted'} route={r} />
          ))}
        </Space>
      )}
      {shown && !empty && view === 'skus' && (
        <Table<BundleLine>
          rowKey="skuId"
          size="middle"
          dataSource={shown.skuTotals}
          pagination={{ pageSize: 50, hideOnSinglePage: true }}
          columns={[
            { title: t('col.sku'), dataIndex: 'title' },
            { title: t('col.quantity'), dataIndex: 'quantity', width: 140, align: 'right' },
          ]}
        />
      )}
      <LabelsPreview html={labels} date={date} onClose={() => setLabels(null)} />
    </Card>
  );
}
