import type { ChangeEvent, ReactNode } from 'react';
import type { PickedText } from '../../shared/api';
import { Icon } from './icons';

export interface TextFilePickProps {
  /** The accessible name and the visible text. */
  children: ReactNode;
  title: string;
  accept: string;
  multiple?: boolean;
  disabled?: boolean;
  onPicked(files: PickedText[]): void | Promise<void>;
}

/**
 * A native file picker whose files the page reads as text itself (a data file, another client's export),
 * unlike the connection's pickers, which stage files with the engine. Picking the same file again, after
 * an edit, is a change too.
 */
export function TextFilePick({ children, title, accept, multiple = false, disabled = false, onPicked }: TextFilePickProps) {
  async function picked(event: ChangeEvent<HTMLInputElement>) {
    const input = event.currentTarget;
    const files = [...(input.files ?? [])];
    input.value = '';
    if (files.length > 0) await onPicked(await Promise.all(files.map(async (file) => ({ name: file.name, text: await file.text() }))));
  }
  return (
    <label className="file-pick-button" title={title}>
      <Icon name="upload" />
      {children}
      <input type="file" className="visually-hidden" accept={accept} multiple={multiple} disabled={disabled} onChange={(event) => void picked(event)} />
    </label>
  );
}
