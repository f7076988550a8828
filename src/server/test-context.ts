/**
 * A complete GateContext for tests: an in-memory SQLite store, fresh keys, the audit chain, the gate and a policy
 * compiled from text. Everything is real except the clock (injectable) and the absence of notifiers.
 */
import { randomBytes } from 'node:crypto';
import { AuditLog } from '../gate/audit-log.js';
import { makeSealer } from '../gate/audit/chain.js';
import type { GateContext } from '../gate/context.js';
import { Gate } from '../gate/service.js';
import type { GateSettings } from '../gate/types.js';
import { generateSigningKey, loadSigningKey } from '../identity/keys.js';
import { compilePolicy, defaultPolicy, type Policy } from '../policy/index.js';
import { SqliteStore } from '../store/sqlite.js';

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
}

/** Build a migrated, ready context; `close()` stops the gate and closes the store. */
export async function makeTestContext(opts: TestContextOptions = {}): Promise<GateContext> {
  const now = opts.now ?? Date.now;
  const store = new SqliteStore(':memory:');
  await store.migrate();
  const tokenKey = loadSigningKey(generateSigningKey().privatePem);
  const auditKey = loadSigningKey(generateSigningKey().privatePem);
  const audit = new AuditLog(store, makeSealer(auditKey.privateKey), now);
  const settings: GateSettings = { ...TEST_SETTINGS, ...opts.settings };
  const policy: Policy =
    opts.policyText === undefined
      ? defaultPolicy()
      : compilePolicy([{ file: 'test-policy.yaml', kind: 'file', text: opts.policyText }]);
  const policyFor = (): Policy => policy;
  const gate = new Gate({ store, audit, policyFor, settings, now });
  return {
    store,
    gate,
    audit,
    settings,
    tokenKey,
    auditKey,
    linkKey: randomBytes(32),
    policyFor,
    notifiers: [],
    ...(opts.metricsToken !== undefined ? { metricsToken: opts.metricsToken } : {}),
    now,
    version: '0.0.0-test',
    async close() {
      gate.stop();
      await store.close();
    },
  };
}
