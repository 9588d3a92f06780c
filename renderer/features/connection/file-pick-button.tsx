import { useState, type ChangeEvent } from 'react';
import { describeFerryError } from '../../../shared/errors';
import { Icon } from '../../components/icons';
import { useFerry } from '../../store';
import { resolveDesktopBridge } from '../../app/get-api';
import { ownPathsOf, pickRootOf, stagedFilesOf } from './picked-files';

export interface FilePickButtonProps {
  /** The accessible name and the visible text, e.g. "Choose .proto files". */
  label: string;
  /** File name endings to offer (".proto,.pem"); a folder pick keeps only files with them. */
  accept?: string;
  multiple?: boolean;
  /** Pick a whole folder (every matching file in it, with its sub-folders kept). */
  folder?: boolean;
  /**
   * The picked files' paths as the engine reads them (on the desktop, a folder pick gives the folder's own
   * path), and the folder they share (an import path).
   */
  onPaths(paths: string[], root: string | undefined): void;
}

const endsWithOneOf = (name: string, accept: string | undefined) =>
  accept === undefined || accept.split(',').some((ending) => name.toLowerCase().endsWith(ending.trim().toLowerCase()));

/**
 * A native file picker for a connection setting that takes paths. On the desktop the files' own paths are
 * used; in a browser the bytes are staged with Ferry for this run, and their staged paths go in the setting.
 */
export function FilePickButton({ label, accept, multiple = false, folder = false, onPaths }: FilePickButtonProps) {
  const stageFiles = useFerry((s) => s.stageFiles);
  const [state, setState] = useState<{ busy: boolean; error?: string }>({ busy: false });

  async function picked(event: ChangeEvent<HTMLInputElement>) {
    const input = event.currentTarget;
    const files = [...(input.files ?? [])].filter((file) => !folder || endsWithOneOf(file.name, accept));
    input.value = ''; // the same file picked again is a change too
    if (files.length === 0) return setState({ busy: false, ...(folder && { error: `The folder holds no ${accept ?? ''} file.` }) });
    setState({ busy: true });
    const desktop = resolveDesktopBridge();
    const own = desktop ? files.map((file) => desktop.getPathForFile(file)) : [];
    if (own.length > 0 && own.every((path) => path !== '')) {
      setState({ busy: false });
      const pick = ownPathsOf(own, files, folder);
      return onPaths(pick.paths, pick.root);
    }
    const staged = await stageFiles(await stagedFilesOf(files));
    if (!staged.ok) return setState({ busy: false, error: `Could not use the picked files: ${describeFerryError(staged.error)}` });
    setState({ busy: false });
    onPaths(staged.value, pickRootOf(staged.value, files));
  }

  const folderProps = folder ? { webkitdirectory: '', directory: '' } : {};
  return (
    <span className="file-pick">
      <label className={`file-pick-button ${state.busy ? 'is-busy' : ''}`}>
        <Icon name="upload" />
        {label}
        <input
          type="file"
          className="visually-hidden"
          accept={folder ? undefined : accept}
          multiple={multiple || folder}
          disabled={state.busy}
          onChange={(event) => void picked(event)}
          {...folderProps}
        />
      </label>
      {state.error ? (
        <span className="error-text small" role="alert">
          {state.error}
        </span>
      ) : null}
    </span>
  );
}
