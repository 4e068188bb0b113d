import type * as logistics from '@linli/contracts/logistics';
import { useQuery } from '@tanstack/react-query';
import { Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import type { z } from 'zod';
import { api } from './api.ts';

export type Warehouse = z.infer<typeof logistics.Warehouse>;

/** The query parameter that keeps the chosen warehouse in the URL, across the tabs of a section. */
export const WAREHOUSE_PARAM = 'warehouse';

/** The operator's warehouses (any staff member may list them). */
export function useWarehouses() {
  return useQuery({
    queryKey: ['admin', 'warehouses'],
    retry: false,
    queryFn: () => api.get<{ items: Warehouse[] }>('admin/warehouses'),
  });
}

/**
 * The warehouse a screen shows, from `?warehouse=` in the URL: undefined for all of them (or
 * while the operator has one warehouse only). With `required`, a screen that works on one
 * warehouse at a time (dispatch) falls back to the first active one.
 */
export function useWarehouseParam(options: { required?: boolean } = {}) {
  const [params, setParams] = useSearchParams();
  const warehouses = useWarehouses();
  const active = (warehouses.data?.items ?? []).filter((w) => w.active);
  const asked = params.get(WAREHOUSE_PARAM) ?? undefined;
  // Until the list is in (or when it cannot be read), the URL is taken as it is.
  const known = warehouses.isSuccess ? active.find((w) => w.id === asked)?.id : asked;
  const warehouseId = known ?? (options.required ? active[0]?.id : undefined);
  const setWarehouseId = (id: string | undefined) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        if (id) next.set(WAREHOUSE_PARAM, id);
        else next.delete(WAREHOUSE_PARAM);
        return next;
      },
      { replace: true },
    );
  return { warehouseId, setWarehouseId, active, warehouses, choosing: active.length > 1 };
}

/**
 * Chooses the warehouse a screen shows; shown only when the operator has more than one active
 * warehouse. Without `required`, clearing it shows every warehouse.
 */
export function WarehousePicker({
  value,
  onChange,
  active,
  required = false,
}: {
  value: string | undefined;
  onChange: (id: string | undefined) => void;
  active: readonly Warehouse[];
  required?: boolean;
}) {
  const { t } = useTranslation('common');
  if (active.length <= 1) return null;
  return (
    <Select
      allowClear={!required}
      placeholder={required ? t('warehouse.pick') : t('warehouse.all')}
      style={{ width: 200 }}
      value={value}
      onChange={(id: string | undefined) => onChange(id)}
      options={active.map((w) => ({ value: w.id, label: w.name }))}
      aria-label={t('warehouse.label')}
      data-testid="warehouse-picker"
    />
  );
}
