import type { ChangeEvent } from 'react';
import type { PickedText } from '../../../shared/api';
import { Icon } from '../../components/icons';
import { useFerry } from '../../store';

/** The picked files, read as text (the input is emptied: the same file picked again is a change too). */
async function pickedTexts(event: ChangeEvent<HTMLInputElement>): Promise<PickedText[]> {
  const input = event.currentTarget;
  const files = [...(input.files ?? [])];
  input.value = '';
  return Promise.all(files.map(async (file) => ({ name: file.name, text: await file.text() })));
}

function ImportButton({ label, title, accept, multiple = false, onPicked }: { label: string; title: string; accept: string; multiple?: boolean; onPicked: (files: PickedText[]) => Promise<void> }) {
  return (
    <label className="file-pick-button" title={title}>
      <Icon name="upload" />
      {label}
      <input
        type="file"
        className="visually-hidden"
        accept={accept}
        multiple={multiple}
        onChange={(event) =>
          void pickedTexts(event).then((files) => {
            if (files.length > 0) return onPicked(files);
            return undefined;
          })
        }
      />
    </label>
  );
}

/**
 * Brings another client's collections into the open workspace, as `ferry import` does: the page reads the
 * picked files, the engine writes the requests and environments (nothing is overwritten).
 */
export function ImportButtons() {
  const importInsomnia = useFerry((s) => s.importInsomnia);
  const importBloomRpc = useFerry((s) => s.importBloomRpc);
  return (
    <>
      <ImportButton
        label="Import from Insomnia"
        title="An Insomnia export (v4 JSON or v5 YAML): its gRPC requests go under insomnia/, its environments under environments/"
        accept=".json,.yaml,.yml"
        onPicked={([file]) => importInsomnia(file!.name, file!.text)}
      />
      <ImportButton
        label="Import from BloomRPC"
        title="BloomRPC's editor.json and environments.json, from its data folder (~/.config/BloomRPC, ~/Library/Application Support/BloomRPC or %APPDATA%\BloomRPC): its tabs go under bloomrpc/"
        accept=".json"
        multiple
        onPicked={(files) => importBloomRpc(files)}
      />
    </>
  );
}
