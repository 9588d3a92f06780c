import './monaco-setup';
import './styles.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { startEventPump } from '../api/event-pump';
import { createFerryStore, FerryStoreProvider, type FerryStore } from '../store';
import { App } from './app';
import { followDesktopMenu } from './desktop-menu';
import { ErrorBoundary } from './error-boundary';
import { resolveDesktopBridge, resolveFerryApi } from './get-api';

function followSystemTheme(store: FerryStore): void {
  const dark = window.matchMedia('(prefers-color-scheme: dark)');
  const apply = () => store.getState().setTheme(dark.matches ? 'dark' : 'light');
  apply();
  dark.addEventListener('change', apply);
}

const api = resolveFerryApi();
const store = createFerryStore(api);
startEventPump(api, store.getState());
followSystemTheme(store);
const desktop = resolveDesktopBridge();
if (desktop) followDesktopMenu(desktop, () => store.getState());
// The "not connected" banner shows at once when the transport is dead, before the user tries anything.
void api.ping().then((result) => store.getState().noteBackend(result));

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <ErrorBoundary>
      <FerryStoreProvider store={store}>
        <App />
      </FerryStoreProvider>
    </ErrorBoundary>
  </StrictMode>,
);
