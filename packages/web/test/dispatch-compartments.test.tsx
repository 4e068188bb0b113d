/**
 * Vehicle compartments: editing a vehicle type's chilled and frozen compartments in the fleet
 * setup, and where a trip's goods ride (compartments, insulated boxes) on the dispatch route detail
 * and on the driver's route card.
 */
import { QueryClientProvider } from '@tanstack/react-query';
import { logistics } from '@linli/contracts';
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { renderSection, stubApi } from './admin-sections-harness.tsx';
import { drivers, route, vehicleType, warehouse } from './admin-ops-fixtures.ts';
import DispatchPage from '../src/areas/admin/dispatch/DispatchPage.tsx';
import { driverLocales } from '../src/areas/driver/locales.ts';
import { RouteCard } from '../src/areas/driver/RouteCard.tsx';
import { addNamespace } from '../src/common/i18n.ts';
import { createQueryClient } from '../src/common/query.ts';
import '../src/mobile/react19.ts';

beforeAll(() => addNamespace('driver', driverLocales));
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const truck = logistics.VehicleType.parse({
  ...vehicleType,
  id: 'vt_truck',
  name: '双温区冷链车',
  capacityVolumeL: 10000,
  temperatureClass: 'frozen',
  compartments: { chilledL: 4000, frozenL: 3000 },
});
const fleet = (extra: Record<string, (call: { body: unknown }) => unknown> = {}) => ({
  'GET admin/warehouses': () => ({ items: [warehouse] }),
  'GET admin/vehicle-types': () => ({ items: [vehicleType, truck] }),
  'GET admin/carriers': () => ({ items: [] }),
  'GET admin/drivers': () => ({ items: drivers }),
  'GET admin/pickup-points': () => ({ status: 403, body: { code: 'FORBIDDEN', message: '' } }),
  'GET admin/routes': () => ({ items: [onTruck], unrouted: [] }),
  'GET admin/unrouted-points': () => ({ deliveryDate: '2026-11-23', items: [] }),
  ...extra,
});
const onTruck = route(1, 2, {
  vehicleTypeId: 'vt_truck',
  vehicleTypeName: '双温区冷链车',
  compartments: { chilledL: 4000, frozenL: 3000 },
  insulatedBoxes: 0,
  stowage: {
    placements: [
      { goods: 'frozen', place: 'frozen', volumeMl: 40_000 },
      { goods: 'chilled', place: 'chilled', volumeMl: 120_000 },
      { goods: 'ambient', place: 'ambient', volumeMl: 300_000 },
    ],
    boxes: 0,
    unplaced: [],
    problems: [],
  },
});
const input = (testId: string) => screen.getByTestId(testId).querySelector('input') ?? screen.getByTestId(testId);

describe('the vehicle types card', () => {
  it("shows a truck's compartments, and sends edited compartments, refusing more than the volume", async () => {
    const calls = stubApi(fleet({ 'PATCH admin/vehicle-types/vt_truck': ({ body }) => ({ ...truck, ...(body as object) }) }));
    renderSection('dispatch', <DispatchPage />, '/dispatch?tab=setup');
    const row = (await screen.findByText('双温区冷链车')).closest('tr') as HTMLElement;
    expect(within(row).getByTestId('vehicle-type-compartments').textContent).toBe('冷藏 4000 L冷冻 3000 L');
    // the whole freezer shows its one class
    expect((screen.getByText('冷冻车 3.8 米').closest('tr') as HTMLElement).textContent).toContain('冷冻');

    fireEvent.click(within(row).getByRole('button'));
    await screen.findByTestId('vehicle-type-frozen');
    expect((input('vehicle-type-chilled') as HTMLInputElement).value).toBe('4000');
    fireEvent.change(input('vehicle-type-frozen'), { target: { value: '7000' } });
    await act(async () => fireEvent.click(screen.getByTestId('vehicle-type-save')));
    expect(await screen.findByText('冷藏与冷冻温区合计不能超过容积')).toBeTruthy();
    expect(calls.some((c) => c.method === 'PATCH')).toBe(false);

    fireEvent.change(input('vehicle-type-frozen'), { target: { value: '2000' } });
    await act(async () => fireEvent.click(screen.getByTestId('vehicle-type-save')));
    await waitFor(() => expect(calls.some((c) => c.method === 'PATCH' && c.path === 'admin/vehicle-types/vt_truck')).toBe(true));
    const sent = logistics.UpdateVehicleType.parse(calls.find((c) => c.path === 'admin/vehicle-types/vt_truck')?.body);
    expect(sent.compartments).toEqual({ chilledL: 4000, frozenL: 2000 });
    expect(sent.temperatureClass).toBeUndefined();
  });

  it('leaves the compartments out when only the volume changed, so a whole-vehicle compartment follows it', async () => {
    const calls = stubApi(fleet({ 'PATCH admin/vehicle-types/vt_frozen': ({ body }) => ({ ...vehicleType, ...(body as object) }) }));
    renderSection('dispatch', <DispatchPage />, '/dispatch?tab=setup');
    const row = (await screen.findByText('冷冻车 3.8 米')).closest('tr') as HTMLElement;
    fireEvent.click(within(row).getByRole('button'));
    await screen.findByTestId('vehicle-type-frozen');
    const volume = screen.getByLabelText('容积（L）');
    fireEvent.change(volume, { target: { value: '6000' } });
    await act(async () => fireEvent.click(screen.getByTestId('vehicle-type-save')));
    await waitFor(() => expect(calls.some((c) => c.method === 'PATCH')).toBe(true));
    const sent = logistics.UpdateVehicleType.parse(calls.find((c) => c.method === 'PATCH')?.body);
    expect(sent.capacityVolumeL).toBe(6000);
    expect(sent.compartments).toBeUndefined();
  });
});

describe("a trip's stowage", () => {
  it('the route detail says which goods go in which compartment', async () => {
    stubApi(fleet());
    renderSection('dispatch', <DispatchPage />);
    fireEvent.click((await screen.findAllByTestId('route-row'))[0]!);
    const detail = await screen.findByTestId('route-detail');
    expect(
      within(detail)
        .getAllByTestId('stowage-part')
        .map((p) => p.textContent),
    ).toEqual(['冷冻 40 L 放冷冻温区', '冷藏 120 L 放冷藏温区', '常温 300 L 放常温区']);
  });

  it('the route detail shows boxes and goods without a place', async () => {
    const boxed = {
      ...onTruck,
      stowage: {
        placements: [{ goods: 'frozen' as const, place: 'boxes' as const, volumeMl: 30_500 }],
        boxes: 2,
        unplaced: [{ goods: 'chilled' as const, volumeMl: 5_000, problem: 'temperature' as const }],
        problems: ['temperature' as const],
      },
    };
    stubApi(fleet({ 'GET admin/routes': () => ({ items: [boxed], unrouted: [] }) }));
    renderSection('dispatch', <DispatchPage />);
    fireEvent.click((await screen.findAllByTestId('route-row'))[0]!);
    const parts = within(await screen.findByTestId('route-stowage')).getAllByTestId('stowage-part');
    expect(parts.map((p) => p.textContent)).toEqual(['冷冻 31 L 放保温箱', '保温箱 2 个', '冷藏 5 L 放不下']);
  });

  it("the driver's route card says what to load where", () => {
    render(
      <QueryClientProvider client={createQueryClient()}>
        <MemoryRouter>
          <RouteCard route={{ ...onTruck, status: 'published', driverId: 'drv_1' }} />
        </MemoryRouter>
      </QueryClientProvider>,
    );
    expect(
      within(screen.getByTestId('route-stowage'))
        .getAllByTestId('stowage-part')
        .map((p) => p.textContent),
    ).toEqual(['冷冻 40 L 放冷冻温区', '冷藏 120 L 放冷藏温区', '常温 300 L 放常温区']);
  });

  it('shows no stowage for ambient goods alone', () => {
    const ambient = {
      ...onTruck,
      stowage: {
        placements: [{ goods: 'ambient' as const, place: 'ambient' as const, volumeMl: 1000 }],
        boxes: 0,
        unplaced: [],
        problems: [],
      },
    };
    render(
      <QueryClientProvider client={createQueryClient()}>
        <MemoryRouter>
          <RouteCard route={ambient} />
        </MemoryRouter>
      </QueryClientProvider>,
    );
    expect(screen.queryByTestId('route-stowage')).toBeNull();
  });
});
