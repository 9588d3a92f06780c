import './monaco-setup';
import './styles.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { startEventPump } from '../api/event-pump';
import { createFerryStore, FerryStoreProvider } from '../store';
import { App } from './app';
import { followDesktopMenu } from './desktop-menu';
import { ErrorBoundary } from './error-boundary';
import { resolveDesktopBridge, resolveFerryApi } from './get-api';
import { warnBeforeLeaving } from './leave-warning';
import { keepInPageStorage, restoreFromPageStorage } from './page-storage';
import { followTheme } from './theme';

const api = resolveFerryApi();
const store = createFerryStore(api);
startEventPump(api, store.getState());
restoreFromPageStorage(store);
followTheme(store);
warnBeforeLeaving(store, keepInPageStorage(store));
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
