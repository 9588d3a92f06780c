import { readFileSync } from 'node:fs';
import { jsonPathOffset } from '../../../shared/json';
import { messageIn, type RequestSource, type SourceMessage } from './message-places';

/**
 * Where each message of a saved request is in its file (`messages[i]`), so an error the engine finds in
 * one is placed there: at the field, for a body stored as a JSON object; at the message, for one stored as
 * lines (a path into the body is not a path into its lines). The file is read again only for an error.
 */
export function savedRequestSource(path: string, shownAs: string, messageCount: number): RequestSource {
  let text: string | undefined;
  return {
    messageAt(index: number): SourceMessage | undefined {
      if (index >= messageCount) return undefined;
      text ??= readQuietly(path);
      if (text === undefined) return undefined;
      const start = jsonPathOffset(text, ['messages', index]);
      if (text[start] !== '{' && text[start] !== '[') return undefined;
      return messageIn(shownAs, text, start);
    },
  };
}

function readQuietly(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}
