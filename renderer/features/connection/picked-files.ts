/**
 * Files picked with `<input type=file>` turned into paths the engine can read. A browser page never sees a
 * path, so the bytes are staged with the engine (`stageFiles`); the desktop shell can name a picked file's
 * real path, which is used when it gives one for every file.
 */
import type { StagedFile } from '../../../shared/api';

/** What the pickers use of the DOM's File (a plain object in tests). */
export interface PickedFile {
  name: string;
  /** Set by a folder pick: `chosen-folder/sub/x.proto`. */
  webkitRelativePath?: string;
  arrayBuffer(): Promise<ArrayBuffer>;
}

/** Base64 of any size: `btoa` takes a string, and spreading megabytes into one call overflows the stack. */
export function base64Of(bytes: Uint8Array): string {
  let binary = '';
  const chunk = 0x8000;
  for (let i = 0; i < bytes.length; i += chunk) binary += String.fromCharCode(...bytes.subarray(i, i + chunk));
  return btoa(binary);
}

/** A file's path inside what was picked: below the chosen folder for a folder pick, else its name. */
export function relativeNameOf(file: PickedFile): string {
  const relative = file.webkitRelativePath ?? '';
  return relative.includes('/') ? relative.slice(relative.indexOf('/') + 1) : file.name;
}

/**
 * The folder the picked files sit in, as an import path: the chosen folder of a folder pick, the folder of
 * the files otherwise. Undefined when the files do not share one.
 */
export function pickRootOf(paths: readonly string[], files: readonly PickedFile[]): string | undefined {
  const roots = new Set(
    paths.map((path, i) => {
      const relative = relativeNameOf(files[i]!);
      const cut = path.length - relative.length - 1;
      return cut > 0 && path.endsWith(relative) ? path.slice(0, cut) : path.slice(0, Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')));
    }),
  );
  return roots.size === 1 ? [...roots][0] : undefined;
}

/**
 * What a pick adds when the files have their own paths (the desktop): a folder pick adds the chosen folder
 * itself, which the engine reads afresh at each connect (files added to it later load too, and the box holds
 * one line, not one per file); a file pick adds each file. Both give the folder to import from.
 */
export function ownPathsOf(paths: readonly string[], files: readonly PickedFile[], folder: boolean): { paths: string[]; root: string | undefined } {
  const root = pickRootOf(paths, files);
  return { paths: folder && root !== undefined ? [root] : [...paths], root };
}

export async function stagedFilesOf(files: readonly PickedFile[]): Promise<StagedFile[]> {
  return Promise.all(files.map(async (file) => ({ name: relativeNameOf(file), contentBase64: base64Of(new Uint8Array(await file.arrayBuffer())) })));
}

/** `added` after the lines already in a one-path-per-line box, without repeats. */
export function appendLines(text: string, added: readonly string[]): string {
  const lines = text.split('\n').map((line) => line.trim()).filter((line) => line !== '');
  for (const path of added) if (!lines.includes(path)) lines.push(path);
  return lines.join('\n');
}
