import { useFerry, type ThemeChoice } from '../store';

/** Light, dark, or whatever the OS says; remembered with the page's other preferences. */
export function ThemeSwitch() {
  const choice = useFerry((s) => s.ui.themeChoice);
  const setChoice = useFerry((s) => s.setThemeChoice);
  return (
    <label className="field-inline theme-switch">
      <span className="visually-hidden">Theme</span>
      <select aria-label="Theme" value={choice} onChange={(e) => setChoice(e.target.value as ThemeChoice)}>
        <option value="system">System theme</option>
        <option value="light">Light</option>
        <option value="dark">Dark</option>
      </select>
    </label>
  );
}
