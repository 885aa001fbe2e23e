import { lazy, Suspense, useEffect } from 'react';
import { useUiStore } from '../store/uiStore';
import { ErrorBoundary } from './common/ErrorBoundary';
import { Panel } from './common/Panel';
import { ControlsPanel } from './controls/ControlsPanel';
import { Transport } from './controls/Transport';
import { useShortcuts } from './hooks/useShortcuts';
import { AboutPanel } from './panels/AboutPanel';
import { Banners } from './panels/Banners';
import { CopyLink } from './panels/CopyLink';
import { HelpDialog } from './panels/HelpDialog';
import { Hud } from './panels/Hud';
import { MethodGrid } from './panels/MethodGrid';
import { NfePanel } from './panels/NfePanel';
import { OnnxPanel } from './panels/OnnxPanel';
import { PathPanel } from './panels/PathPanel';
import { RunFilePanel } from './panels/RunFilePanel';
import { SelfTestPanel } from './panels/SelfTestPanel';

// recharts is most of the bundle: load it after the first paint
const ChartsPanel = lazy(() => import('./charts/ChartsPanel').then((m) => ({ default: m.ChartsPanel })));

function TopBar() {
  const theme = useUiStore((s) => s.theme);
  const setTheme = useUiStore((s) => s.setTheme);
  const toggleSection = useUiStore((s) => s.toggleSection);
  const setHelpOpen = useUiStore((s) => s.setHelpOpen);
  const openAbout = () => {
    toggleSection('about', true);
    requestAnimationFrame(() => document.querySelector('[data-testid="about"]')?.scrollIntoView({ behavior: 'smooth', block: 'start' }));
  };
  return (
    <header className="topbar">
      <div className="brand">
        <img src={`${import.meta.env.BASE_URL}favicon.svg`} alt="" width={28} height={28} />
        <div>
          <h1>DisBack Playground</h1>
          <p className="tagline">Watch a one-step generator learn from a diffusion teacher, live.</p>
        </div>
      </div>
      <Transport />
      <nav className="top-actions" aria-label="Page">
        <CopyLink />
        <button type="button" className="btn ghost" onClick={openAbout} data-testid="about-open">
          About
        </button>
        <button type="button" className="btn ghost icon" onClick={() => setHelpOpen(true)} aria-label="Keyboard shortcuts" title="Keyboard shortcuts (?)">
          ⌨
        </button>
        <button
          type="button"
          className="btn ghost icon"
          onClick={() => setTheme(theme === 'dark' ? 'light' : 'dark')}
          aria-label={`Switch to ${theme === 'dark' ? 'light' : 'dark'} theme`}
          title="Theme"
          data-testid="theme-toggle"
        >
          {theme === 'dark' ? '☀' : '☾'}
        </button>
      </nav>
    </header>
  );
}

export function App() {
  const theme = useUiStore((s) => s.theme);
  useShortcuts();
  useEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);
  return (
    <ErrorBoundary>
      <div className="app">
        <TopBar />
        <Hud />
        <Banners />
        <main className="layout">
          <aside className="sidebar">
            <Panel title="Settings" tip="Everything here is part of the link: copy it to share or reproduce this exact run.">
              <ControlsPanel />
            </Panel>
            <Panel title="Run file" testId="runfile-panel">
              <RunFilePanel />
            </Panel>
          </aside>
          <div className="content">
            <MethodGrid />
            <Suspense fallback={<div className="panel placeholder muted">Loading charts…</div>}>
              <ChartsPanel />
            </Suspense>
            <PathPanel />
            <div className="two-col">
              <NfePanel />
              <OnnxPanel />
            </div>
            <SelfTestPanel />
            <AboutPanel />
          </div>
        </main>
        <footer className="footer muted small">
          DisBack vs score distillation, trained in your browser with WebGPU. <kbd>?</kbd> for shortcuts.
        </footer>
        <HelpDialog />
      </div>
    </ErrorBoundary>
  );
}
