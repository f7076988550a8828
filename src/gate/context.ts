/**
 * Everything one running gate holds, built once by `openGate()` (boot.ts) and handed to the HTTP server, the CLI
 * and tests. Nothing here reads configuration per request.
 */
import type { CompiledBinding } from '../broker/bindings.js';
import type { Vault } from '../broker/vault.js';
import type { SigningKey } from '../identity/keys.js';
import type { Notifier } from '../notify/index.js';
import type { Policy } from '../policy/index.js';
import type { Store } from '../store/store.js';
import type { AuditLog } from './audit-log.js';
import type { Gate } from './service.js';
import type { GateSettings } from './types.js';

export type { SigningKey };

export interface GateContext {
  store: Store;
  gate: Gate;
  audit: AuditLog;
  settings: GateSettings;
  /** Signs agent JWTs. */
  tokenKey: SigningKey;
  /** Signs audit events (verify with its public key). */
  auditKey: SigningKey;
  /** HMAC key for signed notification links and CSRF tokens (32 random bytes, shared by replicas). */
  linkKey: Buffer;
  /** The policy in force for a working directory (throws when it cannot load). */
  policyFor: (cwd: string) => Policy;
  notifiers: readonly Notifier[];
  /** Bearer token that may read /metrics (besides human sessions); undefined = humans only. */
  metricsToken?: string;
  /** Credential bindings from gate.yaml, compiled (the broker matches them against decided actions). */
  bindings?: readonly CompiledBinding[];
  /** The secret vault; undefined when this gate has none (tests on an in-memory store). */
  vault?: Vault;
  /** Milliseconds clock (injected in tests). */
  now: () => number;
  /** Product version, for /healthz. */
  version: string;
  /** Stop timers, close the store. */
  close(): Promise<void>;
}

/** A context without its gate: what the gate's own collaborators (notifications) are built from. */
export type GateParts = Omit<GateContext, 'gate' | 'close'>;
