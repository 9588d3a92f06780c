import type { ChangeEvent } from 'react';
import { Icon } from '../../components/icons';
import { useFerry } from '../../store';

/** Picks an Insomnia export (v4 JSON or v5 YAML) and writes its gRPC requests and environments into the open workspace. */
export function InsomniaImportButton() {
  const importInsomnia = useFerry((s) => s.importInsomnia);

  async function picked(event: ChangeEvent<HTMLInputElement>) {
    const input = event.currentTarget;
    const file = input.files?.[0];
    input.value = ''; // the same file picked again is a change too
    if (file) await importInsomnia(file.name, await file.text());
  }

  return (
    <label className="file-pick-button" title="An Insomnia export (v4 JSON or v5 YAML): its gRPC requests go under insomnia/, its environments under environments/; nothing is overwritten">
      <Icon name="upload" />
      Import from Insomnia
      <input type="file" className="visually-hidden" accept=".json,.yaml,.yml" onChange={(event) => void picked(event)} />
    </label>
  );
}
