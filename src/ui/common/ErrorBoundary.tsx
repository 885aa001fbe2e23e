import { Component, type ErrorInfo, type ReactNode } from 'react';
import { clearUiPrefs } from '../../store/uiStore';

interface State {
  error: Error | null;
}

function asError(e: unknown): Error {
  return e instanceof Error ? e : new Error(typeof e === 'string' ? e : 'Unknown error');
}

/** Reset the page to the defaults: empty hash, forgotten UI preferences, fresh load. */
export function resetToDefaults(): void {
  clearUiPrefs();
  history.replaceState(null, '', `${location.pathname}`);
  location.reload();
}

/** The page-level boundary: shows the error as text and offers a way back. */
export class ErrorBoundary extends Component<{ children: ReactNode }, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(e: unknown): State {
    return { error: asError(e) };
  }

  override componentDidCatch(error: unknown, info: ErrorInfo): void {
    console.error('UI error', error, info.componentStack);
  }

  override render() {
    const { error } = this.state;
    if (!error) return this.props.children;
    return (
      <div className="fatal" role="alert" data-testid="fatal-error">
        <h1>Something went wrong on this page</h1>
        <p>The playground hit an error it could not recover from. The details:</p>
        <pre className="fatal-msg">{`${error.name}: ${error.message}`}</pre>
        <div className="row">
          <button type="button" className="btn primary" onClick={resetToDefaults} data-testid="reset-defaults">
            Reset to defaults
          </button>
          <button type="button" className="btn" onClick={() => this.setState({ error: null })}>
            Try again
          </button>
        </div>
      </div>
    );
  }
}

/** A panel-level boundary: a small inline message instead of the panel. */
export class PanelBoundary extends Component<{ children: ReactNode }, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(e: unknown): State {
    return { error: asError(e) };
  }

  override componentDidCatch(error: unknown): void {
    console.error('panel error', error);
  }

  override render() {
    const { error } = this.state;
    if (!error) return this.props.children;
    return (
      <div className="panel-error" role="alert">
        <span>This panel failed: {error.message}</span>
        <button type="button" className="btn small" onClick={() => this.setState({ error: null })}>
          Retry
        </button>
      </div>
    );
  }
}
