import { describe, expect, it } from 'vitest';
import { rendererContentSecurityPolicy } from './renderer-csp';

const directives = (csp: string) => new Map(csp.split(';').map((part) => part.trim().split(/\s+/)).map(([name, ...values]) => [name!, values]));

describe('rendererContentSecurityPolicy', () => {
  const desktop = rendererContentSecurityPolicy();
  const served = rendererContentSecurityPolicy(['ws://127.0.0.1:4000']);

  it('runs only our own scripts: nothing remote, inline or evaluated, no plugins, no <base>, no form posts, no framing', () => {
    for (const csp of [desktop, served]) {
      const policy = directives(csp);
      expect(policy.get('script-src')).toEqual(["'self'"]);
      expect(csp).not.toMatch(/unsafe-eval|https?:|\*/);
      for (const name of ['object-src', 'base-uri', 'form-action', 'frame-ancestors']) expect(policy.get(name), name).toEqual(["'none'"]);
    }
  });

  it('differs between hosts only in where the page may connect', () => {
    const [a, b] = [directives(desktop), directives(served)];
    expect([...a.keys()]).toEqual([...b.keys()]);
    for (const name of a.keys()) if (name !== 'connect-src') expect(b.get(name), name).toEqual(a.get(name));
    expect(a.get('connect-src')).toEqual(["'self'"]);
    expect(b.get('connect-src')).toEqual(["'self'", 'ws://127.0.0.1:4000']);
  });
});
