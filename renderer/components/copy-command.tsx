import { useState } from 'react';
import { copyToClipboard } from './clipboard';

export interface CopyCommandProps {
  /** The button's text, and the name of the status that answers it. */
  label: string;
  title: string;
  /** Undefined while there is nothing to copy (the button is disabled). */
  command: string | undefined;
  /** Said once the command is on the clipboard. */
  copied: string;
  /** Added after the command when the clipboard is not available (the command is shown to copy by hand). */
  unavailableSuffix?: string;
}

/** A "Copy as …" button for a command line, and the status saying what happened. */
export function CopyCommand({ label, title, command, copied, unavailableSuffix = '' }: CopyCommandProps) {
  const [said, setSaid] = useState<string>();
  const copy = async (text: string) => setSaid((await copyToClipboard(text)) ? copied : `The clipboard is not available here: ${text}${unavailableSuffix}`);
  return (
    <>
      <button type="button" className="button-ghost small" disabled={command === undefined} title={title} onClick={() => command !== undefined && void copy(command)}>
        {label}
      </button>
      {said ? (
        <span className="small muted" role="status" aria-label={label}>
          {said}
        </span>
      ) : null}
    </>
  );
}
