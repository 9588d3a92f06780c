import { fail } from '../../../shared/errors';
import { nodeZlib } from './node-network';

/** The one algorithm every gRPC-Web and Connect server is expected to know. */
export type Compression = 'gzip';

export function compress(bytes: Uint8Array): Buffer {
  return nodeZlib().gzipSync(bytes);
}

/**
 * Inflates a payload the peer (`sender`: the server, or the client for `ferry mock`) compressed with
 * `encoding`, refusing to inflate past `maxBytes` (a small compressed message may hide a huge one).
 */
export function decompress(bytes: Buffer, encoding: string | undefined, maxBytes: number, sender: 'server' | 'client' = 'server'): Buffer {
  // gRPC's rule for a server given a compression it does not know: UNIMPLEMENTED.
  if (encoding !== 'gzip') fail(sender === 'server' ? 'INTERNAL' : 'UNIMPLEMENTED', `the ${sender} compressed a message with "${encoding ?? 'no declared encoding'}", which Ferry cannot decompress (it accepts gzip)`);
  try {
    return nodeZlib().gunzipSync(bytes, { maxOutputLength: Math.max(1, maxBytes) });
  } catch (reason) {
    const code = (reason as NodeJS.ErrnoException).code;
    if (code === 'ERR_BUFFER_TOO_LARGE') fail('RESOURCE_EXHAUSTED', `Received message larger than max (decompressed beyond ${maxBytes} bytes)`);
    return fail(sender === 'server' ? 'INTERNAL' : 'INVALID_ARGUMENT', `cannot decompress a gzip message from the ${sender}: ${(reason as Error).message}`);
  }
}
