import * as L from 'leaflet';
import { degreeLabel, graticule } from './geometry.ts';

const pane = 'linli-graticule';

function gridLabel(text: string, anchor: [number, number]): L.DivIcon {
  const el = document.createElement('div');
  el.textContent = text;
  return L.divIcon({ html: el, className: 'linli-map-grid-label', iconSize: [64, 14], iconAnchor: anchor });
}

/**
 * Draws a light lat/lng grid with its labels along the top and left edges, redrawn as the view
 * moves: the background of a map without tiles. Answers the function that removes it.
 */
export function drawGraticule(map: L.Map): () => void {
  if (!map.getPane(pane)) {
    const p = map.createPane(pane);
    p.style.zIndex = '250';
    p.style.pointerEvents = 'none';
  }
  const layer = L.layerGroup().addTo(map);
  const redraw = () => {
    layer.clearLayers();
    const size = map.getSize();
    if (size.x === 0 || size.y === 0) return;
    const view = map.getBounds();
    const b = { south: view.getSouth(), west: view.getWest(), north: view.getNorth(), east: view.getEast() };
    const grid = graticule(b);
    const style = { color: '#dde2e8', weight: 1, interactive: false, pane };
    for (const lat of grid.lats) {
      layer.addLayer(
        L.polyline(
          [
            [lat, b.west],
            [lat, b.east],
          ],
          style,
        ),
      );
      layer.addLayer(L.marker([lat, b.west], { icon: gridLabel(degreeLabel(lat, grid.step, 'lat'), [-4, 14]), interactive: false, pane }));
    }
    for (const lng of grid.lngs) {
      layer.addLayer(
        L.polyline(
          [
            [b.south, lng],
            [b.north, lng],
          ],
          style,
        ),
      );
      layer.addLayer(L.marker([b.north, lng], { icon: gridLabel(degreeLabel(lng, grid.step, 'lng'), [-3, -2]), interactive: false, pane }));
    }
  };
  map.on('moveend resize', redraw);
  redraw();
  return () => {
    map.off('moveend resize', redraw);
    layer.remove();
  };
}
