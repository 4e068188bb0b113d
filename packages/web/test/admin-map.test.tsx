import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, fireEvent, render } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { boundsOf, colorFor, degreeLabel, graticule, palette } from '../src/common/map/geometry.ts';
import { type MapLine, type MapPoint, MapView } from '../src/common/map/MapView.tsx';

const wrap = (node: ReactNode) => <QueryClientProvider client={new QueryClient()}>{node}</QueryClientProvider>;

describe('map geometry', () => {
  it('bounds every finite coordinate, null for none', () => {
    expect(boundsOf([])).toBeNull();
    expect(
      boundsOf([
        [28.1, 112.9],
        [28.3, 112.8],
        [Number.NaN, 1],
      ]),
    ).toEqual({ south: 28.1, west: 112.8, north: 28.3, east: 112.9 });
  });

  it('picks a grid step giving a handful of lines across the view, on round multiples', () => {
    const g = graticule({ south: 28.05, west: 112.8, north: 28.35, east: 113.2 });
    expect(g.step).toBe(0.05);
    expect(g.lngs[0]).toBe(112.8);
    expect(g.lngs.at(-1)).toBe(113.2);
    expect(g.lats).toEqual([28.05, 28.1, 28.15, 28.2, 28.25, 28.3, 28.35]);
    expect(graticule({ south: 20, west: 100, north: 40, east: 130 }).step).toBe(5);
  });

  it('labels degrees with the decimals the step needs and the hemisphere', () => {
    expect(degreeLabel(28.15, 0.05, 'lat')).toBe('28.15°N');
    expect(degreeLabel(113, 1, 'lng')).toBe('113°E');
    expect(degreeLabel(-33.9, 0.1, 'lat')).toBe('33.9°S');
    expect(degreeLabel(-70.5, 0.5, 'lng')).toBe('70.5°W');
  });

  it('gives each group a palette colour, cycling', () => {
    expect(colorFor(0)).toBe(palette[0]);
    expect(colorFor(palette.length)).toBe(palette[0]);
    expect(colorFor(-1)).toBe(palette[palette.length - 1]);
  });
});

describe('MapView', () => {
  afterEach(cleanup);
  const points: MapPoint[] = [
    { id: 'wh', lat: 28.19, lng: 113.2, square: true, label: '仓', color: '#000', tooltip: 'warehouse' },
    { id: 'a', lat: 28.1, lng: 112.9, label: '1', color: '#f00', tooltip: 'A <b>bold</b>\nline two' },
    { id: 'b', lat: 28.2, lng: 112.95, label: '2', color: '#f00' },
    { id: 'c', lat: 28.15, lng: 113.0, color: '#00f' },
  ];
  const lines: MapLine[] = [
    {
      id: 'r1',
      path: [
        [28.19, 113.2],
        [28.1, 112.9],
        [28.2, 112.95],
      ],
      color: '#f00',
    },
  ];

  it('draws circle markers with their numbers, the square warehouse and the route line on the offline background', () => {
    const { getByTestId, container } = render(wrap(<MapView tileUrl={null} points={points} lines={lines} data-testid="m" />));
    const root = getByTestId('m');
    expect(root.className).toContain('linli-map-offline');
    expect(root.dataset.points).toBe('4');
    const paths = [...container.querySelectorAll('.leaflet-overlay-pane path')];
    // one polyline and three circle markers
    expect(paths).toHaveLength(4);
    expect(paths.filter((p) => p.getAttribute('fill') === '#f00')).toHaveLength(2);
    expect([...container.querySelectorAll('.linli-map-label')].map((e) => e.textContent)).toEqual(['1', '2']);
    expect(container.querySelector('.linli-map-square')?.textContent).toBe('仓');
    expect(container.querySelectorAll('.leaflet-tile-pane img')).toHaveLength(0);
  });

  it('reports clicks on points and lines by id', () => {
    const onPointClick = vi.fn();
    const onLineClick = vi.fn();
    const { container } = render(
      wrap(<MapView tileUrl={null} points={points} lines={lines} onPointClick={onPointClick} onLineClick={onLineClick} />),
    );
    const paths = [...container.querySelectorAll('.leaflet-overlay-pane path')];
    fireEvent.click(paths[0]!);
    expect(onLineClick).toHaveBeenCalledWith('r1');
    fireEvent.click(paths[2]!);
    expect(onPointClick).toHaveBeenCalledWith('b');
    fireEvent.click(container.querySelector('.linli-map-square')!);
    expect(onPointClick).toHaveBeenCalledWith('wh');
  });

  it('rings the selected point, redraws on new data and shows the empty text without points', () => {
    const { container, rerender, getByText } = render(wrap(<MapView tileUrl={null} points={points} selectedId="c" />));
    const ringed = [...container.querySelectorAll('.leaflet-overlay-pane path')].filter((p) => p.getAttribute('stroke') === '#141414');
    expect(ringed).toHaveLength(1);
    expect(ringed[0]!.getAttribute('fill')).toBe('#00f');
    rerender(wrap(<MapView tileUrl={null} points={[]} empty="nothing to show" />));
    expect(container.querySelectorAll('.leaflet-overlay-pane path')).toHaveLength(0);
    expect(getByText('nothing to show')).toBeTruthy();
  });

  it('uses a tile layer when a tile URL is given', () => {
    const { getByTestId, container } = render(
      wrap(<MapView tileUrl="https://tiles.example/{z}/{x}/{y}.png" points={points} data-testid="m" />),
    );
    expect(getByTestId('m').className).not.toContain('linli-map-offline');
    expect(container.querySelector('.leaflet-tile-pane .leaflet-layer')).not.toBeNull();
    expect(container.querySelector('.leaflet-control-attribution')).not.toBeNull();
  });
});
