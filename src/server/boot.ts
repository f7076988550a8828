/**
 * The composition root of a running gate: open the store (SQLite by default, PostgreSQL by URL), run migrations,
 * load or create the signing keys (kept in the store, so every replica shares them), the audit log, the
 * notification channels and the Gate itself. `portcullis serve` and the tests both build a gate through here.
 */
import { mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { compileBindings } from '../broker/bindings.js';
import { Vault } from '../broker/vault.js';
import { AuditLog } from '../gate/audit-log.js';
import { makeSealer } from '../gate/audit/chain.js';
import { WebhookSink } from '../gate/audit/sink.js';
import type { GateConfig } from '../gate/config.js';
import { isLoopbackHost } from '../gate/config.js';
import type { GateContext, GateParts } from '../gate/context.js';
import { Gate } from '../gate/service.js';
import type { GateSettings } from '../gate/types.js';
import { generateSigningKey, loadSigningKey } from '../identity/keys.js';
import { makeNotifiers } from '../notify/index.js';
import type { Policy } from '../policy/index.js';
import { openStore } from '../store/open.js';
import type { Store } from '../store/store.js';
import { addFirstAdmin } from '../gate/accounts.js';
import { makeDispatch } from './dispatch.js';

export interface BootOptions {
  config: GateConfig;
  /** Where the SQLite file lives when `config.db` is unset (default `~/.local/share/portcullis`). */
  dataDir?: string;
  /** Override the store (tests). */
  store?: Store;
  /** The policy in force for a working directory. */
  policyFor: (cwd: string) => Policy;
  now?: () => number;
  version?: string;
  onError?: (err: unknown, context: string) => void;
  /** Override settings derived from the config (tests). */
  settings?: Partial<GateSettings>;
  /** Create the first admin on an empty store (default true; tests seed their own humans). */
  firstAdmin?: boolean;
  /** Record `gate.started` (default true; tests that pin the chain start empty). */
  announce?: boolean;
}

export interface Booted {
  ctx: GateContext;
  /** Set on the very first start: the admin account and its one-time password (print it once). */
  firstAdmin?: { name: string; password: string };
}

/** Default data directory (`$XDG_DATA_HOME/portcullis` or `~/.local/share/portcullis`). */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_DATA_HOME ?? join(homedir(), '.local', 'share');
  return join(base, 'portcullis');
}

async function signingKey(store: Store, name: string) {
  return loadSigningKey(await store.ensureMeta(name, () => generateSigningKey().privatePem));
}

/** Build the settings the gate applies from its config. */
export function gateSettings(config: GateConfig): GateSettings {
  const { host, port } = config.listen;
  return {
    publicUrl: config.publicUrl ?? `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    denyOnFirst: config.approvals.denyOnFirst,
    totpFor: config.approvals.totpFor,
    inlineFor: config.approvals.inlineFor.filter((r) => (r as string) !== 'catastrophic'),
    escalateAfterSeconds:
      config.escalateAfter ?? Math.round((config.notify?.escalateAfter ?? 0) / 1000),
    anonymousAgents: config.agents.anonymous ?? isLoopbackHost(host),
  };
}

/** The store to open: `config.db`, else the SQLite file in the data directory (created 0700). */
function storeSpec(config: GateConfig, dataDir?: string): string {
  if (config.db !== undefined) return config.db;
  const dir = dataDir ?? defaultDataDir();
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  return join(dir, 'portcullis.db');
}

/**
 * The vault's key file: `vault.keyFile`, else `vault.key` in the data directory. A gate handed a store (tests)
 * and no data directory has no vault: it must not create a key in the real data directory.
 */
function vaultKeyFile(opts: BootOptions): string | undefined {
  if (opts.config.vault.keyFile !== undefined) return opts.config.vault.keyFile;
  if (opts.store !== undefined && opts.dataDir === undefined) return undefined;
  return join(opts.dataDir ?? defaultDataDir(), 'vault.key');
}

/** Open everything a gate needs. The caller owns `ctx.close()`. */
export async function openGate(opts: BootOptions): Promise<Booted> {
  const { config } = opts;
  const now = opts.now ?? Date.now;
  const store: Store = opts.store ?? openStore(storeSpec(config, opts.dataDir));
  try {
    await store.migrate();
    const tokenKey = await signingKey(store, 'key:token');
    const auditKey = await signingKey(store, 'key:audit');
    const linkKey = Buffer.from(
      await store.ensureMeta('key:link', () => randomBytes(32).toString('base64')),
      'base64',
    );
    const sink = config.audit.webhook ? new WebhookSink(config.audit.webhook) : undefined;
    const audit = new AuditLog(store, makeSealer(auditKey.privateKey), now, sink, (err) =>
      opts.onError?.(err, 'audit webhook'),
    );
    const settings = { ...gateSettings(config), ...opts.settings };
    const notifiers = makeNotifiers(config.notify ?? { channels: [] });
    const bindings = compileBindings(config.bindings);
    const keyFile = vaultKeyFile(opts);
    const vault = keyFile === undefined ? undefined : new Vault(store, keyFile, now);
    // An unsafe or malformed key file stops the gate here, not at the first exec that needs a secret.
    await vault?.check();
    // Everything but the gate first: the gate's notifications are built from these parts.
    const parts: GateParts = {
      store,
      audit,
      settings,
      tokenKey,
      auditKey,
      linkKey,
      policyFor: opts.policyFor,
      notifiers,
      bindings,
      ...(vault ? { vault } : {}),
      ...(config.metricsToken ? { metricsToken: config.metricsToken } : {}),
      now,
      version: opts.version ?? '0.0.0',
    };
    const gate = new Gate({
      store,
      audit,
      policyFor: opts.policyFor,
      settings,
      now,
      notify: makeDispatch(parts, config.notify?.channels ?? []),
      ...(opts.onError ? { onError: opts.onError } : {}),
    });
    const ctx: GateContext = {
      ...parts,
      gate,
      close: async () => {
        gate.stop();
        await audit.drain();
        await store.close();
      },
    };
    const firstAdmin = opts.firstAdmin === false ? undefined : await addFirstAdmin(ctx);
    if (opts.announce !== false) {
      await audit.record('gate.started', 'gate', {
        store: store.dialect,
        version: ctx.version,
        // Key ids, not keys (a member named like "token" or "key" would be redacted whole).
        kids: { agents: tokenKey.kid, audit: auditKey.kid },
      });
    }
    return { ctx, ...(firstAdmin ? { firstAdmin } : {}) };
  } catch (err) {
    await store.close().catch(() => undefined);
    throw err;
  }
}
