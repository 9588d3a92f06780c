import { useEffect, useRef } from 'react';
import { useFerry } from '../store';
import { SHORTCUTS } from './shortcuts';

/** The shortcut list in a native modal dialog (focus trap and Escape for free). */
export function ShortcutsHelp() {
  const open = useFerry((s) => s.ui.shortcutsOpen);
  const setOpen = useFerry((s) => s.setShortcutsOpen);
  const dialog = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (open && !element.open) element.showModal();
    if (!open && element.open) element.close();
  }, [open]);

  return (
    <dialog ref={dialog} className="shortcuts" aria-label="Keyboard shortcuts" onClose={() => setOpen(false)}>
      <h2>Keyboard shortcuts</h2>
      <table>
        <tbody>
          {SHORTCUTS.map((s) => (
            <tr key={s.keys}>
              <th scope="row">
                <kbd>{s.keys}</kbd>
              </th>
              <td>{s.action}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <button type="button" className="button-primary" onClick={() => setOpen(false)}>
        Close
      </button>
    </dialog>
  );
}
