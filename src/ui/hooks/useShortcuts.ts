import { useEffect } from 'react';
import { resetRace, stepOnce, togglePlay } from '../../store/session';
import { useUiStore } from '../../store/uiStore';

function typingInto(t: EventTarget | null): boolean {
  if (!(t instanceof HTMLElement)) return false;
  const tag = t.tagName;
  if (tag === 'TEXTAREA' || tag === 'SELECT' || t.isContentEditable) return true;
  if (tag === 'INPUT') {
    const type = (t as HTMLInputElement).type;
    return !['checkbox', 'radio', 'range', 'button', 'submit'].includes(type);
  }
  return false;
}

/** Elements where space already means something (press, toggle, open). */
function spaceIsTaken(t: EventTarget | null): boolean {
  return t instanceof HTMLElement && !!t.closest('button, input, select, textarea, summary, a[href], [contenteditable="true"]');
}

/** space: play/pause, s: step, r: reset, ?: help, Escape: close help. */
export function useShortcuts(): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey || e.repeat || typingInto(e.target)) return;
      const ui = useUiStore.getState();
      if (e.key === 'Escape' && ui.helpOpen) {
        ui.setHelpOpen(false);
        return;
      }
      if (e.key === ' ' || e.code === 'Space') {
        if (spaceIsTaken(e.target)) return;
        e.preventDefault();
        void togglePlay();
      } else if (e.key === 's' || e.key === 'S') {
        void stepOnce();
      } else if (e.key === 'r' || e.key === 'R') {
        void resetRace();
      } else if (e.key === '?') {
        ui.setHelpOpen(!ui.helpOpen);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
