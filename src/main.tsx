import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { installDebugHandle } from './store/debugHandle';
import { useRunStore } from './store/runStore';
import { describeError } from './store/workerClient';
import { App } from './ui/App';
import { watchAlerts } from './store/runFiles';
import { bootFirst, watchHash } from './ui/boot';
import './ui/styles.css';

installDebugHandle();

// Errors outside React (promises, timers) become visible messages, never a blank page.
window.addEventListener('error', (e) => {
  if (e.error || e.message) useRunStore.getState().pushMessage('error', `Unexpected error: ${describeError(e.error ?? e.message)}`, 'global');
});
window.addEventListener('unhandledrejection', (e) => {
  useRunStore.getState().pushMessage('error', `Unexpected error: ${describeError(e.reason)}`, 'global');
});

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
watchAlerts();
void bootFirst();
watchHash();
