import { useMemo } from 'react';
import { useRunStore } from '../../store/runStore';
import { extentOf, type Extent } from '../canvas/view';

/** One shared data-plane window for every 2-D view, so panels line up. */
export function usePlotExtent(): Extent {
  const path = useRunStore((s) => s.path);
  const points = useRunStore((s) => s.points);
  const dataset = useRunStore((s) => s.config.dataset);
  return useMemo(() => {
    // images have no data plane (and 784-wide samples are not [n, 2] points)
    if (dataset === 'mnist') return [-1, 1, -1, 1];
    if (path?.density) return path.density.extent;
    if (path) return extentOf([path.data, path.samples[0]]);
    if (dataset === 'points' && points) return extentOf([points], 0.3);
    return [-2.5, 2.5, -2.5, 2.5];
  }, [path, points, dataset]);
}
