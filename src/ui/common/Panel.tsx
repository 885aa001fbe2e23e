import type { ReactNode } from 'react';
import { useUiStore, type SectionId } from '../../store/uiStore';
import { InfoTip } from './InfoTip';
import { PanelBoundary } from './ErrorBoundary';

export interface PanelProps {
  title: ReactNode;
  tip?: ReactNode;
  actions?: ReactNode;
  children: ReactNode;
  testId?: string;
  className?: string;
  /** collapsible sections remember their state */
  section?: SectionId;
}

/** A titled card. Each one has its own error boundary: a failing panel never blanks the page. */
export function Panel({ title, tip, actions, children, testId, className, section }: PanelProps) {
  const open = useUiStore((s) => (section ? s.open[section] : true));
  const toggle = useUiStore((s) => s.toggleSection);
  return (
    <section className={`panel ${className ?? ''} ${open ? '' : 'is-collapsed'}`} data-testid={testId}>
      <header className="panel-head">
        {section ? (
          <button type="button" className="panel-toggle" aria-expanded={open} onClick={() => toggle(section)}>
            <span className="chev" aria-hidden="true">
              ▸
            </span>
            <h2>{title}</h2>
          </button>
        ) : (
          <h2>{title}</h2>
        )}
        {tip ? <InfoTip>{tip}</InfoTip> : null}
        <div className="panel-actions">{open ? actions : null}</div>
      </header>
      {open ? (
        <div className="panel-body">
          <PanelBoundary>{children}</PanelBoundary>
        </div>
      ) : null}
    </section>
  );
}
