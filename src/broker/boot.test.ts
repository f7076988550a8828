/** The composition root gives a gate its vault and bindings, and refuses to start on an unsafe vault key. */
import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseGateConfig } from '../gate/config.js';
import { defaultPolicy } from '../policy/index.js';
import { openGate } from '../server/boot.js';
import { SqliteStore } from '../store/sqlite.js';
import { newKey, writeKeyFile } from './vault-key.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'portcullis-boot-vault-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function boot(config: unknown, dataDir: string | null = dir) {
  const policy = defaultPolicy();
  return openGate({
    config: parseGateConfig(config),
    store: new SqliteStore(':memory:'),
    ...(dataDir !== null ? { dataDir } : {}),
    policyFor: () => policy,
    firstAdmin: false,
    announce: false,
  });
}

describe('openGate and the broker', () => {
  it('the vault key lives in the data directory (created on first use), bindings are compiled', async () => {
    const { ctx } = await boot({
      bindings: [{ name: 'kube-prod', tool: 'kubectl', env: 'prod', files: { KUBECONFIG: 'k' } }],
    });
    try {
      expect(ctx.vault?.keyFile).toBe(join(dir, 'vault.key'));
      expect(existsSync(join(dir, 'vault.key'))).toBe(false);
      expect(ctx.bindings?.map((b) => b.name)).toEqual(['kube-prod']);
    } finally {
      await ctx.close();
    }
  });

  it('vault.keyFile overrides; a store without a data directory (tests) has no vault', async () => {
    const file = join(dir, 'elsewhere', 'k.key');
    const a = await boot({ vault: { keyFile: file } });
    expect(a.ctx.vault?.keyFile).toBe(file);
    await a.ctx.close();
    const b = await boot({}, null);
    expect(b.ctx.vault).toBeUndefined();
    await b.ctx.close();
  });

  it('a key file others can read stops the gate from starting', async () => {
    writeKeyFile(join(dir, 'vault.key'), newKey().key);
    chmodSync(join(dir, 'vault.key'), 0o644);
    await expect(boot({})).rejects.toThrow(/chmod 600/);
  });

  it('a binding that sets LD_PRELOAD stops the config from loading', () => {
    expect(() =>
      parseGateConfig({ bindings: [{ tool: 'kubectl', vars: { LD_PRELOAD: 'x' } }] }),
    ).toThrow(/bindings/);
  });
});
