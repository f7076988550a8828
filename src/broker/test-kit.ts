/**
 * Test kit for the broker over HTTP: a real test gate (loopback) whose policy asks before `rm` and denies
 * `rm … /forbidden`, a vault in a scratch directory, a binding that gives `rm` a scratch token, and a scratch
 * working directory with `build/`, `keep/` and `forbidden/` in it. Only harmless commands run, only in there.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseGateConfig } from '../gate/config.js';
import { seedCast, startTestGate, type Cast, type TestGate } from '../server/test-http.js';
import { compileBindings } from './bindings.js';
import type { ExecLine } from './exec.js';
import { Vault } from './vault.js';

export const TEST_POLICY = `version: 1
rules:
  - id: scratch-keep
    match: { tool: rm, target: '*/forbidden' }
    verdict: deny
    reason: the forbidden directory stays
  - id: scratch-rm
    match: { tool: rm }
    verdict: ask
    reason: deleting needs a human in this test
`;

export const SCRATCH_TOKEN = 'scr4tch-t0ken-value-42';

export interface BrokerGate {
  g: TestGate;
  cast: Cast;
  /** The scratch working directory (fresh per `resetScratch`). */
  scratch: string;
  resetScratch(): string;
  close(): Promise<void>;
}

/** A gate with the test policy, a vault holding `scratch-token`, and the `scratch-rm` binding. */
export async function startBrokerGate(): Promise<BrokerGate> {
  const g = await startTestGate({ policyText: TEST_POLICY, settings: { totpFor: [] } });
  const cast = await seedCast(g);
  const root = mkdtempSync(join(tmpdir(), 'portcullis-broker-e2e-'));
  g.ctx.vault = new Vault(g.ctx.store, join(root, 'data', 'vault.key'));
  await g.ctx.vault.set('scratch-token', SCRATCH_TOKEN);
  g.ctx.bindings = compileBindings(
    parseGateConfig({
      bindings: [{ name: 'scratch-rm', tool: 'rm', vars: { SCRATCH_TOKEN: 'scratch-token' } }],
    }).bindings,
  );
  let n = 0;
  const kit: BrokerGate = {
    g,
    cast,
    scratch: '',
    resetScratch() {
      const dir = join(root, `work-${++n}`);
      for (const sub of ['build', 'keep', 'forbidden'])
        mkdirSync(join(dir, sub), { recursive: true });
      kit.scratch = dir;
      return dir;
    },
    async close() {
      await g.close();
      rmSync(root, { recursive: true, force: true });
    },
  };
  kit.resetScratch();
  return kit;
}

export interface ExecReply {
  status: number;
  contentType: string;
  lines: ExecLine[];
  /** The error body when the status is not 200. */
  error?: { code: string; message: string };
}

/** POST /v1/exec and read the whole NDJSON answer (bounded to 15 s). */
export async function postExec(
  g: TestGate,
  body: unknown,
  opts: { auth?: string; signal?: AbortSignal } = {},
): Promise<ExecReply> {
  const res = await fetch(`${g.url}/v1/exec`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(opts.auth !== undefined ? { authorization: `Bearer ${opts.auth}` } : {}),
    },
    body: JSON.stringify(body),
    signal: opts.signal ?? AbortSignal.timeout(15_000),
  });
  const text = await res.text();
  const contentType = res.headers.get('content-type') ?? '';
  if (res.status !== 200) {
    return {
      status: res.status,
      contentType,
      lines: [],
      error: (JSON.parse(text) as { error: { code: string; message: string } }).error,
    };
  }
  const lines = text
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as ExecLine);
  return { status: res.status, contentType, lines };
}

/** A shell request body for the scratch directory. */
export function shellBody(command: string, cwd: string, extra: Record<string, unknown> = {}) {
  return { request: { kind: 'shell', command, cwd, agent: 'test-agent' }, ...extra };
}

/** The audit events of the given types, oldest first. */
export async function auditOf(k: BrokerGate, type: string): Promise<Record<string, unknown>[]> {
  const r = await k.g.call('GET', `/v1/audit?type=${type}&order=asc&limit=1000`, {
    auth: k.cast.admin,
  });
  return (r.body as { events: { data: Record<string, unknown> }[] }).events.map((e) => e.data);
}
