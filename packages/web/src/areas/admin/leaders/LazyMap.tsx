import { Skeleton } from 'antd';
import { type ComponentProps, Suspense, lazy } from 'react';

const MapView = lazy(() => import('../../../common/map/MapView.tsx').then((m) => ({ default: m.MapView })));

/** The shared map, loaded (with Leaflet) only when a screen of this section first shows one. */
export function LazyMap(props: ComponentProps<typeof MapView>) {
  return (
    <Suspense fallback={<Skeleton.Node active style={{ width: '100%', height: props.height ?? 480 }} />}>
      <MapView {...props} />
    </Suspense>
  );
}
