/**
 * `checkConnection`: how a server is reached with a connection's settings, step by step, in the order a call
 * meets them: the name, the proxy, TCP, TLS, HTTP/2, then gRPC itself (health, reflection). Each step's
 * finding is its outcome, never an error; a step that needs one that failed is skipped saying which. Only
 * settings that cannot be used fail the command, before anything is dialed.
 */
import type { Socket } from 'node:net';
import type { CheckStep, CheckStepName, ConnectionCheck, ConnectionConfig } from '../../../shared/model';
import { trace } from '../diagnostics/trace';
import { checkHealth } from './check-health';
import { checkHttp2 } from './check-http2';
import { checkDns, checkProxy, checkTcp } from './check-network';
import { checkReflection } from './check-reflection';
import { openCheckRpc } from './check-rpc';
import { overallOutcome, skippedAfter, type CheckContext } from './check-steps';
import { readCheckTarget } from './check-target';
import { checkTls, type TlsFinding } from './check-tls';

export interface CheckConnectionOptions {
  /** Stops the check (the engine is closing): it then fails CANCELLED, having closed what it opened. */
  signal?: AbortSignal;
}

/** The steps in order, each skipped once one before it failed (the proxy's and the name's are independent). */
class StepLog {
  readonly steps: CheckStep[] = [];
  private failed: CheckStepName | undefined;

  constructor(private readonly target: string) {}

  add(found: CheckStep): void {
    this.steps.push(found);
    if (found.outcome === 'failed') this.failed ??= found.step;
    trace('channel', () => `check ${this.target}: ${found.step} ${found.outcome}: ${found.summary}`);
  }

  /** The step's finding, or its skip when a step it needs has failed. */
  async run(name: CheckStepName, check: () => Promise<CheckStep>): Promise<void> {
    this.add(this.failed === undefined ? await check() : skippedAfter(name, this.failed));
  }

  /** Steps that need every step so far but not each other, run side by side and logged in order. */
  async runTogether(checks: ReadonlyArray<readonly [CheckStepName, () => Promise<CheckStep>]>): Promise<void> {
    const failed = this.failed;
    const found = failed === undefined ? await Promise.all(checks.map(([, check]) => check())) : checks.map(([name]) => skippedAfter(name, failed));
    found.forEach((one) => this.add(one));
  }
}

export async function checkConnection(config: ConnectionConfig, options: CheckConnectionOptions = {}): Promise<ConnectionCheck> {
  const target = readCheckTarget(config);
  const rpc = openCheckRpc(target);
  const context: CheckContext = { timeoutMs: target.timeoutMs, signal: options.signal ?? new AbortController().signal };
  const log = new StepLog(config.target);
  let socket: Socket | undefined;
  let tls: TlsFinding | undefined;
  try {
    log.add(await checkDns(target, context));
    const proxy = await checkProxy(target, context);
    socket = proxy.tunnel;
    log.add(proxy.step);
    await log.run('tcp', async () => {
      const tcp = await checkTcp(target, context, proxy);
      socket = tcp.socket;
      return tcp.step;
    });
    await log.run('tls', async () => (tls = await checkTls(target, context, socket)).step);
    await log.run('http2', () => checkHttp2(target, context, socket, tls!));
    socket?.destroy();
    // Over the check's own channel, as calls would go; a server without a health service may still reflect.
    await log.runTogether([
      ['health', () => checkHealth(rpc, context)],
      ['reflection', () => checkReflection(rpc, target, context)],
    ]);
  } finally {
    socket?.destroy();
    rpc.close();
  }
  return { target: config.target, steps: log.steps, ...(tls?.details && { tls: tls.details }), outcome: overallOutcome(log.steps) };
}
