import { fail } from '../../../shared/errors';
import { nodeZlib } from './node-network';

/** The one algorithm every gRPC-Web and Connect server is expected to know. */
export type Compression = 'gzip';

export function compress(bytes: Uint8Array): Buffer {
  return nodeZlib().gzipSync(bytes);
}

/**
 * Inflates a payload the server compressed with `encoding`, refusing to inflate past `maxBytes` (a small
 * compressed message may hide a huge one).
 */
export function decompress(bytes: Buffer, encoding: string | undefined, maxBytes: number): Buffer {
  if (encoding !== 'gzip') fail('INTERNAL', `the server compressed a message with "${encoding ?? 'no declared encoding'}", which Ferry cannot decompress (it accepts gzip)`);
  try {
    return nodeZlib().gunzipSync(bytes, { maxOutputLength: Math.max(1, maxBytes) });
  } catch (reason) {
    const code = (reason as NodeJS.ErrnoException).code;
    if (code === 'ERR_BUFFER_TOO_LARGE') fail('RESOURCE_EXHAUSTED', `Received message larger than max (decompressed beyond ${maxBytes} bytes)`);
    return fail('INTERNAL', `cannot decompress a gzip message from the server: ${(reason as Error).message}`);
  }
}
