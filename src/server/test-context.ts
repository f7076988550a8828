/**
 * A complete GateContext for tests, built by the real composition root (`openGate`): an in-memory SQLite store
 * (or the one given), keys, the audit chain, the gate and a policy compiled from text. Everything is real except
 * the clock (injectable), no first admin and no notifiers.
 */
import { parseGateConfig } from '../gate/config.js';
import type { GateContext } from '../gate/context.js';
import type { GateSettings } from '../gate/types.js';
import { compilePolicy, defaultPolicy, type Policy } from '../policy/index.js';
import { SqliteStore } from '../store/sqlite.js';
import type { Store } from '../store/store.js';
import { openGate } from './boot.js';

export const TEST_SETTINGS: GateSettings = {
  publicUrl: 'http://127.0.0.1:7421',
  denyOnFirst: true,
  totpFor: ['catastrophic'],
  inlineFor: ['high'],
  escalateAfterSeconds: 0,
  anonymousAgents: true,
};

export interface TestContextOptions {
  /** The clock (default: real time). */
  now?: () => number;
  settings?: Partial<GateSettings>;
  /** A policy file layered on the built-in policy (default: the built-in policy alone). */
  policyText?: string;
  metricsToken?: string;
  /** A raw `notify:` section of the gate config (channels, escalation). */
  notify?: unknown;
  /** The store (default: a fresh in-memory SQLite); unmigrated — boot migrates it. */
  store?: Store;
}

/** Build a migrated, ready context through the real composition root; `close()` stops it and closes the store. */
export async function makeTestContext(opts: TestContextOptions = {}): Promise<GateContext> {
  const policy: Policy =
    opts.policyText === undefined
      ? defaultPolicy()
      : compilePolicy([{ file: 'test-policy.yaml', kind: 'file', text: opts.policyText }]);
  const { ctx } = await openGate({
    config: parseGateConfig({
      ...(opts.metricsToken !== undefined ? { metricsToken: opts.metricsToken } : {}),
      ...(opts.notify !== undefined ? { notify: opts.notify } : {}),
    }),
    store: opts.store ?? new SqliteStore(':memory:'),
    policyFor: () => policy,
    ...(opts.now ? { now: opts.now } : {}),
    version: '0.0.0-test',
    settings: { ...TEST_SETTINGS, ...opts.settings },
    firstAdmin: false,
    announce: false,
  });
  return ctx;
}
