/**
 * A client of `ferry serve` that counts a stream's events, as the UI's event pump would receive them (message
 * events, or their skipped counts when the socket fell behind), then reads message 1 and the last message back
 * and releases the call. Prints one JSON line of figures.
 * Usage: ws-counter PORT TOKEN SERVER_TARGET COUNT PAYLOAD_BYTES PROTO_ROOT PROTO_FILE [INLINE_BYTES]
 */
import { WebSocket } from 'ws';

const [port, token, target, count, payload, protoRoot, protoFile, inline] = process.argv.slice(2);
const socket = new WebSocket(`ws://127.0.0.1:${port}/api?token=${token}`);
const answers = new Map<number, (result: { ok: boolean; value?: unknown; error?: { message: string } }) => void>();
let nextId = 0;
let received = 0;
let skipped = 0;
let onEnd: () => void = () => undefined;

function ask<T>(command: string, ...args: unknown[]): Promise<T> {
  const id = ++nextId;
  socket.send(JSON.stringify({ id, command, args }));
  return new Promise((resolve, reject) =>
    answers.set(id, (result) => (result.ok ? resolve(result.value as T) : reject(new Error(`${command}: ${result.error?.message}`)))),
  );
}

socket.on('message', (data) => {
  const frame = JSON.parse(String(data)) as { id?: number; result?: never; event?: { type: string; events: { type: string }[]; skipped?: { received: number } } };
  if (frame.id !== undefined) return answers.get(frame.id)?.(frame.result!);
  const event = frame.event;
  if (event?.type !== 'call.events') return;
  skipped += event.skipped?.received ?? 0;
  for (const e of event.events) {
    if (e.type === 'call.message-received') received++;
    else if (e.type === 'call.ended') onEnd();
  }
});

async function timed<T>(run: () => Promise<T>): Promise<[T, number]> {
  const start = performance.now();
  const value = await run();
  return [value, performance.now() - start];
}

socket.on('open', async () => {
  const { connectionId } = await ask<{ connectionId: string }>('openConnection', {
    target,
    tls: { mode: 'plaintext' },
    schema: { kind: 'proto-files', files: [`${protoRoot}/${protoFile}`], importPaths: [protoRoot] },
  });
  const ended = new Promise<void>((resolve) => (onEnd = resolve));
  const start = performance.now();
  const body = JSON.stringify({ message: 'm', count: Number(count), payloadSize: Number(payload) });
  const { callId } = await ask<{ callId: string }>('startCall', { connectionId, method: 'ferry.testing.v1.Bench/ServerStream', metadata: [], body, inlineMessageBytes: Number(inline ?? 0) });
  await ended;
  const ms = performance.now() - start;
  const [, firstMs] = await timed(() => ask('getMessage', callId, 'received', 0));
  const [last, lastMs] = await timed(() => ask<{ json: string }>('getMessage', callId, 'received', Number(count) - 1));
  const lastIndex = (JSON.parse(last.json) as { index?: number }).index;
  await ask('releaseCall', callId);
  process.stdout.write(`${JSON.stringify({ received, skipped, ms, firstMs, lastMs, lastIndex })}\n`);
  socket.close();
});
