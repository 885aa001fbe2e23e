import { useId, useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import { createPortal } from 'react-dom';

const MAX_W = 280;
const MARGIN = 8;

/**
 * A small "?" that shows a plain-words explanation on hover or keyboard focus. The
 * bubble is portalled to <body> with fixed positioning, clamped to the viewport, so no
 * scrolling container clips it.
 */
export function InfoTip({ children, label = 'What is this?' }: { children: ReactNode; label?: string }) {
  const id = useId();
  const btn = useRef<HTMLButtonElement | null>(null);
  const bubble = useRef<HTMLSpanElement | null>(null);
  const [open, setOpen] = useState(false);
  const [pos, setPos] = useState<{ left: number; top: number } | null>(null);

  useLayoutEffect(() => {
    if (!open || !btn.current) return;
    const r = btn.current.getBoundingClientRect();
    const w = Math.min(MAX_W, bubble.current?.offsetWidth ?? MAX_W);
    const h = bubble.current?.offsetHeight ?? 0;
    const left = Math.max(MARGIN, Math.min(window.innerWidth - w - MARGIN, r.left + r.width / 2 - w / 2));
    const below = r.bottom + 6;
    const top = below + h > window.innerHeight - MARGIN && r.top - h - 6 > MARGIN ? r.top - h - 6 : below;
    setPos({ left, top });
  }, [open]);

  const show = () => setOpen(true);
  const hide = () => {
    setOpen(false);
    setPos(null);
  };

  return (
    <span className="infotip" onMouseEnter={show} onMouseLeave={hide}>
      <button
        ref={btn}
        type="button"
        className="infotip-btn"
        aria-label={label}
        aria-describedby={open ? id : undefined}
        onFocus={show}
        onBlur={hide}
        onClick={(e) => {
          e.preventDefault();
          e.stopPropagation();
          if (open) hide();
          else show();
        }}
        onKeyDown={(e) => e.key === 'Escape' && hide()}
      >
        ?
      </button>
      {open
        ? createPortal(
            <span
              ref={bubble}
              role="tooltip"
              id={id}
              className="infotip-body"
              style={{ left: pos?.left ?? -9999, top: pos?.top ?? -9999, visibility: pos ? 'visible' : 'hidden' }}
            >
              {children}
            </span>,
            document.body,
          )
        : null}
    </span>
  );
}
