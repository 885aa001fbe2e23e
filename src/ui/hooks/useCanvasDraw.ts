import { useEffect, useLayoutEffect, useRef, useState, type DependencyList, type RefObject } from 'react';
import { prepareCanvas } from '../canvas/view';

/** Track an element's CSS box size. */
export function useElementSize<T extends HTMLElement>(ref: RefObject<T | null>): { width: number; height: number } {
  const [size, setSize] = useState({ width: 0, height: 0 });
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const update = () => {
      const r = el.getBoundingClientRect();
      setSize((s) => (Math.abs(s.width - r.width) < 0.5 && Math.abs(s.height - r.height) < 0.5 ? s : { width: r.width, height: r.height }));
    };
    update();
    if (typeof ResizeObserver !== 'function') return;
    const ro = new ResizeObserver(update);
    ro.observe(el);
    return () => ro.disconnect();
  }, [ref]);
  return size;
}

/**
 * Redraw a canvas whenever its size or the dependencies change; drawing errors are
 * caught and reported once, so a bad frame never takes the page down.
 */
export function useCanvasDraw(
  draw: (ctx: CanvasRenderingContext2D, width: number, height: number) => void,
  deps: DependencyList,
): RefObject<HTMLCanvasElement | null> {
  const ref = useRef<HTMLCanvasElement | null>(null);
  const size = useElementSize(ref);
  const warned = useRef(false);
  useEffect(() => {
    const canvas = ref.current;
    if (!canvas || size.width < 1 || size.height < 1) return;
    const ctx = prepareCanvas(canvas, size.width, size.height);
    if (!ctx) return;
    try {
      draw(ctx, size.width, size.height);
    } catch (e) {
      if (!warned.current) console.error('canvas draw failed', e);
      warned.current = true;
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [size.width, size.height, ...deps]);
  return ref;
}
