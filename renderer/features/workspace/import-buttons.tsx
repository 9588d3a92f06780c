import { TextFilePick } from '../../components/text-file-pick';
import { useFerry } from '../../store';

/**
 * Brings another client's collections into the open workspace, as `ferry import` does: the page reads the
 * picked files, the engine writes the requests and environments (nothing is overwritten).
 */
export function ImportButtons() {
  const importInsomnia = useFerry((s) => s.importInsomnia);
  const importBloomRpc = useFerry((s) => s.importBloomRpc);
  return (
    <>
      <TextFilePick
        title="An Insomnia export (v4 JSON or v5 YAML): its gRPC requests go under insomnia/, its environments under environments/"
        accept=".json,.yaml,.yml"
        onPicked={([file]) => importInsomnia(file!.name, file!.text)}
      >
        Import from Insomnia
      </TextFilePick>
      <TextFilePick
        title="BloomRPC's editor.json and environments.json, from its data folder (~/.config/BloomRPC, ~/Library/Application Support/BloomRPC or %APPDATA%\BloomRPC): its tabs go under bloomrpc/"
        accept=".json"
        multiple
        onPicked={(files) => importBloomRpc(files)}
      >
        Import from BloomRPC
      </TextFilePick>
    </>
  );
}
