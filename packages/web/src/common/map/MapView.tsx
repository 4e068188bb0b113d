import * as L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import { type ReactNode, useEffect, useRef } from 'react';
import { usePublicConfig } from '../publicConfig.ts';
import { type LatLngTuple, boundsOf } from './geometry.ts';
import { drawGraticule } from './graticule.ts';
import './map.css';

/** A place on the map: a circle marker (or a square, for a warehouse) with an optional short label on it. */
export interface MapPoint {
  id: string;
  lat: number;
  lng: number;
  /** Fill colour; grey when absent. */
  color?: string;
  /** A short text drawn on the marker, such as a stop number. */
  label?: string;
  /** Shown on hover; new lines are kept. */
  tooltip?: string;
  /** Radius in pixels (default 6, or 9 with a label). */
  radius?: number;
  square?: boolean;
  /** Drawn lighter, e.g. when another group is selected. */
  faded?: boolean;
}

/** A polyline through coordinates, e.g. a route from the warehouse through its stops. */
export interface MapLine {
  id: string;
  path: LatLngTuple[];
  color?: string;
  weight?: number;
  dashed?: boolean;
  tooltip?: string;
  faded?: boolean;
}

export interface MapViewProps {
  points: readonly MapPoint[];
  lines?: readonly MapLine[];
  height?: number | string;
  /** The view fits the data again whenever this changes (default: when the set of point ids changes). */
  fitKey?: string;
  /** Drawn with a dark ring, and brought into view. */
  selectedId?: string | null;
  onPointClick?: (id: string) => void;
  onLineClick?: (id: string) => void;
  /** A tile URL template ({z}/{x}/{y}) instead of the server's; null: the offline background. */
  tileUrl?: string | null;
  /** Shown over an empty map. */
  empty?: ReactNode;
  'data-testid'?: string;
}

const grey = '#8c8c8c';

function tooltipElement(text: string): HTMLElement {
  const el = document.createElement('div');
  el.className = 'linli-map-tip';
  el.textContent = text;
  return el;
}

function labelIcon(text: string, size: number, square: boolean, color: string): L.DivIcon {
  const el = document.createElement('div');
  el.textContent = text;
  if (square) el.style.background = color;
  return L.divIcon({
    html: el,
    className: square ? 'linli-map-square' : 'linli-map-label',
    iconSize: [size, size],
    iconAnchor: [size / 2, size / 2],
  });
}

/**
 * A map of points and polylines. Leaflet draws it; the background is the tile layer named by the
 * server's public config (mapTileUrl) or, without one, a plain light canvas with a lat/lng grid,
 * so it works offline. The view fits the data; clicks on points and lines are reported by id.
 */
export function MapView(props: MapViewProps) {
  const { points, lines = [], height = 480, selectedId, fitKey } = props;
  const config = usePublicConfig();
  const tileUrl = props.tileUrl !== undefined ? props.tileUrl : (config.data?.mapTileUrl ?? null);
  const box = useRef<HTMLDivElement>(null);
  const map = useRef<L.Map | null>(null);
  const data = useRef<L.LayerGroup | null>(null);
  const handlers = useRef({ point: props.onPointClick, line: props.onLineClick });
  handlers.current = { point: props.onPointClick, line: props.onLineClick };

  // The map itself, once.
  useEffect(() => {
    if (!box.current) return;
    const m = L.map(box.current, { zoomControl: false, attributionControl: false, minZoom: 3, maxZoom: 18, zoomSnap: 0.25 });
    m.setView([28.2, 112.95], 11);
    L.control.zoom({ position: 'topright' }).addTo(m);
    map.current = m;
    data.current = L.layerGroup().addTo(m);
    const resize = typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(() => m.invalidateSize());
    resize?.observe(box.current);
    return () => {
      resize?.disconnect();
      m.remove();
      map.current = null;
      data.current = null;
    };
  }, []);

  // The background: tiles, or the grid.
  useEffect(() => {
    const m = map.current;
    if (!m) return;
    if (tileUrl) {
      const tiles = L.tileLayer(tileUrl, { maxZoom: 18 }).addTo(m);
      const credit = L.control.attribution({ prefix: 'Leaflet' }).addTo(m);
      return () => {
        tiles.remove();
        credit.remove();
      };
    }
    return drawGraticule(m);
  }, [tileUrl]);

  // The data.
  useEffect(() => {
    const group = data.current;
    if (!group) return;
    group.clearLayers();
    for (const line of lines) {
      if (line.path.length < 2) continue;
      const color = line.color ?? grey;
      const pl = L.polyline(line.path, {
        color,
        weight: line.weight ?? 3,
        opacity: line.faded ? 0.25 : 0.85,
        dashArray: line.dashed ? '6 6' : undefined,
      });
      if (line.tooltip) pl.bindTooltip(tooltipElement(line.tooltip), { sticky: true });
      pl.on('click', () => handlers.current.line?.(line.id));
      group.addLayer(pl);
    }
    for (const p of points) {
      const color = p.color ?? grey;
      const selected = p.id === selectedId;
      if (p.square) {
        const size = (p.radius ?? 11) * 2;
        const mk = L.marker([p.lat, p.lng], { icon: labelIcon(p.label ?? '', size, true, color), zIndexOffset: 1000 });
        if (p.tooltip) mk.bindTooltip(tooltipElement(p.tooltip), { direction: 'top', offset: [0, -size / 2] });
        mk.on('click', () => handlers.current.point?.(p.id));
        group.addLayer(mk);
        continue;
      }
      const radius = p.radius ?? (p.label ? 9 : 6);
      const cm = L.circleMarker([p.lat, p.lng], {
        radius: selected ? radius + 3 : radius,
        color: selected ? '#141414' : '#ffffff',
        weight: selected ? 3 : 1.5,
        fillColor: color,
        fillOpacity: p.faded ? 0.3 : 0.95,
        opacity: p.faded ? 0.5 : 1,
      });
      if (p.tooltip) cm.bindTooltip(tooltipElement(p.tooltip), { direction: 'top', offset: [0, -radius] });
      cm.on('click', () => handlers.current.point?.(p.id));
      group.addLayer(cm);
      if (p.label) {
        const size = (selected ? radius + 3 : radius) * 2;
        group.addLayer(L.marker([p.lat, p.lng], { icon: labelIcon(p.label, size, false, color), interactive: false, keyboard: false }));
      }
    }
  }, [points, lines, selectedId]);

  // Fit the view to the data when it changes in substance.
  const key = fitKey ?? points.map((p) => p.id).join(',');
  // biome-ignore lint/correctness/useExhaustiveDependencies: refit only when the key changes, not on every new array
  useEffect(() => {
    const m = map.current;
    if (!m) return;
    const b = boundsOf([...points.map((p): LatLngTuple => [p.lat, p.lng]), ...lines.flatMap((l) => l.path)]);
    if (!b) return;
    const size = m.getSize();
    if (size.x === 0 || size.y === 0) {
      m.setView([(b.south + b.north) / 2, (b.west + b.east) / 2], 11);
      return;
    }
    if (b.south === b.north && b.west === b.east) m.setView([b.south, b.west], 14);
    else
      m.fitBounds(
        [
          [b.south, b.west],
          [b.north, b.east],
        ],
        { padding: [28, 28], maxZoom: 16 },
      );
  }, [key]);

  // Bring the selected point into view.
  useEffect(() => {
    const m = map.current;
    const p = points.find((x) => x.id === selectedId);
    if (!m || !p || m.getSize().x === 0) return;
    if (!m.getBounds().pad(-0.05).contains([p.lat, p.lng])) m.panTo([p.lat, p.lng]);
  }, [selectedId, points]);

  return (
    <div
      className={`linli-map${tileUrl ? '' : ' linli-map-offline'}`}
      style={{ height }}
      data-testid={props['data-testid']}
      data-points={points.length}
    >
      <div ref={box} style={{ position: 'absolute', inset: 0, background: tileUrl ? undefined : '#f7f8fa' }} />
      {points.length === 0 && props.empty ? <div className="linli-map-empty">{props.empty}</div> : null}
    </div>
  );
}
