import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { compilePolicy, policyEvaluator } from '../../policy/index.js';
import { startTestGate, seedCast, type Cast, type TestGate } from '../../server/test-http.js';
import { gateOrLocalJudge, type GateTarget } from '../hooks/remote.js';
import { policyJudge } from '../hooks/judge.js';
import { createProxyServer } from './proxy.js';
import { connectUpstream, type Upstream } from './upstream.js';
import {
  clientFor,
  decisionOf,
  FIXTURE_SERVER,
  startFakeBroker,
  textOf,
  type FakeBroker,
} from './test-kit.js';

const POLICY = `
version: 1
rules:
  - id: no-repo-deletes
    match: { tool: "mcp:fixture", verb: delete_repo }
    verdict: deny
    reason: repositories are deleted by humans
  - id: jobs-may-wait
    match: { tool: "mcp:fixture", verb: hang }
    verdict: allow
`;
const policy = compilePolicy([{ file: 'test-policy.yaml', kind: 'file', text: POLICY }]);
const evaluatorFor = () => policyEvaluator(policy);
const local = policyJudge(evaluatorFor);

let gate: TestGate;
let cast: Cast;
let broker: FakeBroker;
const open: { close(): Promise<void> }[] = [];

beforeAll(async () => {
  gate = await startTestGate({ policyText: POLICY });
  cast = await seedCast(gate);
  broker = await startFakeBroker(gate);
});
afterAll(async () => {
  await broker.close();
  await gate.close();
});
afterEach(async () => {
  for (const o of open.splice(0)) await o.close();
});

/** A proxy named `fixture` in front of a freshly spawned fixture server, and the agent's client. */
async function proxied(
  opts: { target?: GateTarget; timeoutMs?: number } = {},
): Promise<{ client: Client; upstream: Upstream; counts: () => Promise<Record<string, number>> }> {
  const target = opts.target ?? { url: broker.url, token: cast.agentB, timeoutMs: 5000 };
  const upstream = await connectUpstream(
    { kind: 'stdio', command: process.execPath, args: [FIXTURE_SERVER], stderr: 'ignore' },
    { name: 'fixture', version: 'test' },
  );
  open.push(upstream);
  const server = createProxyServer({
    name: 'fixture',
    upstream: upstream.client,
    judge: async (r) => gateOrLocalJudge(local, target)(r),
    evaluatorFor,
    link: { target },
    cwd: '/home/dev/repo',
    version: 'test',
    ...(opts.timeoutMs ? { timeoutMs: opts.timeoutMs } : {}),
  });
  const client = await clientFor(server);
  open.push(client);
  const counts = async () =>
    JSON.parse(textOf(await upstream.client.callTool({ name: 'get_call_counts' }))) as Record<
      string,
      number
    >;
  return { client, upstream, counts };
}

describe('tools/list through the proxy', () => {
  it('hides denied tools and rewrites annotations with its own classification', async () => {
    const { client } = await proxied();
    const { tools } = await client.listTools();
    const byName = new Map(tools.map((t) => [t.name, t]));
    expect([...byName.keys()].sort()).toEqual([
      'cleanup',
      'delete_branch',
      'get_call_counts',
      'get_large_report',
      'hang',
      'list_notes',
      'read_file',
    ]);
    const row = (name: string) => {
      const t = byName.get(name)!;
      return {
        readOnly: t.annotations?.readOnlyHint,
        destructive: t.annotations?.destructiveHint,
        interaction: t._meta?.['anthropic/requiresUserInteraction'] ?? false,
      };
    };
    // The lying tool: the upstream says read-only and not destructive; its name says it deletes.
    expect(row('delete_branch')).toEqual({ readOnly: false, destructive: true, interaction: true });
    expect(byName.get('delete_branch')!.annotations?.title).toBe('Show branch');
    // The renamed tool: its description and schema give it away.
    expect(row('cleanup')).toEqual({ readOnly: false, destructive: true, interaction: true });
    const why = byName.get('cleanup')!._meta?.['portcullis/classification'] as {
      reasons: string[];
    };
    expect(why.reasons.join(' ')).toContain('Deletes every file and branch');
    expect(why.reasons.join(' ')).toContain('purge_all');
    expect(row('read_file')).toEqual({ readOnly: true, destructive: false, interaction: false });
    expect(row('list_notes')).toEqual({ readOnly: true, destructive: false, interaction: false });
    // Allowed by a rule, but an unknown verb may do anything: destructive, no prompt forced.
    expect(row('hang')).toEqual({ readOnly: false, destructive: true, interaction: false });
  });
});

describe('tools/call through the proxy', () => {
  it('forwards a safe call and audits its result', async () => {
    const { client } = await proxied();
    const before = broker.results.length;
    const r = await client.callTool({ name: 'read_file', arguments: { path: 'README.md' } });
    expect(r.isError).toBeFalsy();
    expect(textOf(r)).toBe('pretend contents of README.md (call 1)');
    await expect.poll(() => broker.results.length).toBe(before + 1);
    expect(broker.results.at(-1)).toMatchObject({ server: 'fixture', tool: 'read_file', ok: true });
    expect((broker.results.at(-1) as { digest: string }).digest).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('holds a destructive call with a ticket, forwards the identical retry once after approval', async () => {
    const { client, counts } = await proxied();
    const args = { dir: 'build/tmp' };
    const held = await client.callTool({ name: 'cleanup', arguments: args });
    expect(held.isError).toBe(true);
    const d = decisionOf(held);
    expect(d).toMatchObject({ verdict: 'ask', approval: { status: 'pending' } });
    expect(textOf(held)).toContain(d.approval!.id);
    expect((await counts()).cleanup).toBeUndefined();

    const vote = await gate.call('POST', `/v1/approvals/${d.approval!.id}/approve`, {
      auth: cast.bob,
      body: {},
    });
    expect(vote.status).toBe(200);
    // A different call does not spend the approval.
    const other = await client.callTool({ name: 'cleanup', arguments: { dir: 'build' } });
    expect(decisionOf(other).verdict).toBe('ask');

    const ran = await client.callTool({ name: 'cleanup', arguments: args });
    expect(ran.isError).toBeFalsy();
    expect(textOf(ran)).toBe('pretended to wipe build/tmp (call 1)');
    const again = await client.callTool({ name: 'cleanup', arguments: args });
    expect(decisionOf(again).verdict).toBe('ask');
    expect(decisionOf(again).approval!.id).not.toBe(d.approval!.id);
    expect((await counts()).cleanup).toBe(1);
  });

  it('holds the tool whose annotations lie, and says the read-only hint was not believed', async () => {
    const { client, counts } = await proxied();
    const r = await client.callTool({
      name: 'delete_branch',
      arguments: { repo: 'shop', branch: 'main' },
    });
    expect(decisionOf(r)).toMatchObject({ verdict: 'ask', risk: 'high' });
    expect(textOf(r)).toContain(
      "the server marks it read-only (readOnlyHint), but a server's annotations are not trusted",
    );
    expect(await counts()).toEqual({});
  });

  it('refuses a hidden tool, an unknown tool, a secret and oversized arguments without forwarding', async () => {
    const { client, counts } = await proxied();
    const cases: [string, Record<string, unknown>, string][] = [
      ['delete_repo', { owner: 'me', repo: 'x' }, 'rules/no-repo-deletes'],
      ['format_disk', {}, 'has no tool named'],
      [
        'read_file',
        { path: 'https://deploy:hunter22@git.example.com/x' },
        'carry a secret (args.path)',
      ],
      ['read_file', { path: 'x', note: 'AKIAIOSFODNN7EXAMPLE' }, 'carry a secret (args.note)'],
      ['read_file', { path: 'x', password: 'hunter22' }, 'carry a secret (args.password)'],
      ['read_file', { path: 'a'.repeat(1_100_000) }, 'over the 1048576-byte limit'],
    ];
    for (const [name, args, says] of cases) {
      const r = await client.callTool({ name, arguments: args });
      expect(r.isError, name).toBe(true);
      expect(textOf(r), name).toContain(says);
    }
    expect(await counts()).toEqual({});
  });

  it('abandons an upstream that hangs, and audits the failed call', async () => {
    const { client } = await proxied({ timeoutMs: 400 });
    const before = broker.results.length;
    const r = await client.callTool({ name: 'hang', arguments: { job: 'j1' } });
    expect(r.isError).toBe(true);
    expect(textOf(r)).toBe('fixture/hang did not answer within 400 ms: the call was abandoned.');
    expect(decisionOf(r).rule).toBe('mcp/upstream-timeout');
    await expect.poll(() => broker.results.length).toBe(before + 1);
    expect(broker.results.at(-1)).toMatchObject({ tool: 'hang', ok: false, bytes: 0 });
  });

  it('refuses an oversized upstream result and passes a large one under the limit', async () => {
    const { client } = await proxied();
    const big = await client.callTool({
      name: 'get_large_report',
      arguments: { bytes: 1_100_000 },
    });
    expect(big.isError).toBe(true);
    expect(textOf(big)).toContain('over the 1048576-byte limit: not forwarded');
    const fine = await client.callTool({ name: 'get_large_report', arguments: { bytes: 500_000 } });
    expect(textOf(fine)).toHaveLength(500_000);
  });

  it('with no gate and no token, decides locally and denies what needs approval', async () => {
    const { client } = await proxied({ target: { url: 'http://127.0.0.1:1', timeoutMs: 1000 } });
    const safe = await client.callTool({ name: 'read_file', arguments: { path: 'README.md' } });
    expect(safe.isError).toBeFalsy();
    const held = await client.callTool({ name: 'cleanup', arguments: { dir: 'build' } });
    expect(textOf(held)).toContain('no Portcullis gate is running');
    expect(decisionOf(held).verdict).toBe('deny');
  });

  it('with a token but no gate, refuses everything', async () => {
    const { client } = await proxied({
      target: { url: 'http://127.0.0.1:1', token: cast.agentB, timeoutMs: 1000 },
    });
    const r = await client.callTool({ name: 'read_file', arguments: { path: 'README.md' } });
    expect(r.isError).toBe(true);
    expect(textOf(r)).toContain('Portcullis could not decide');
  });
});

describe('a verdict the proxy does not know', () => {
  it('is a refusal: nothing reaches the upstream', async () => {
    const upstream = await connectUpstream(
      { kind: 'stdio', command: process.execPath, args: [FIXTURE_SERVER], stderr: 'ignore' },
      { name: 'fixture', version: 'test' },
    );
    open.push(upstream);
    const server = createProxyServer({
      name: 'fixture',
      upstream: upstream.client,
      judge: () =>
        Promise.resolve({
          verdict: 'maybe' as 'allow',
          risk: 'none',
          rule: 'test',
          reasons: [],
          actions: [],
        }),
      evaluatorFor,
      cwd: '/home/dev/repo',
      version: 'test',
    });
    const client = await clientFor(server);
    open.push(client);
    const result = await client.callTool({ name: 'read_file', arguments: { path: 'README.md' } });
    expect(result.isError).toBe(true);
    expect(decisionOf(result).verdict).toBe('error');
    const counts = JSON.parse(
      textOf(await upstream.client.callTool({ name: 'get_call_counts' })),
    ) as Record<string, number>;
    expect(counts.read_file ?? 0).toBe(0);
  });
});
