import type { FerryStore } from '../store';

/**
 * Applies the Theme choice: sets the store's effective theme (Monaco follows it) and `data-theme` on the
 * document (styles.css follows that); with `system`, the OS setting decides and changes are followed live.
 */
export function followTheme(store: FerryStore): void {
  const systemDark = window.matchMedia('(prefers-color-scheme: dark)');
  const apply = () => {
    const { themeChoice } = store.getState().ui;
    const theme = themeChoice === 'system' ? (systemDark.matches ? 'dark' : 'light') : themeChoice;
    document.documentElement.dataset['theme'] = theme;
    if (store.getState().ui.theme !== theme) store.getState().setTheme(theme);
  };
  apply();
  systemDark.addEventListener('change', apply);
  store.subscribe((state, previous) => {
    if (state.ui.themeChoice !== previous.ui.themeChoice) apply();
  });
}
