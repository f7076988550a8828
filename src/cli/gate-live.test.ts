/**
 * The human CLI against the real gate (not a fake): the contract between src/cli and src/server, end to end over
 * loopback. Commands are data: they are judged by the gate, never run.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addHuman } from '../gate/accounts.js';
import { startTestGate, type TestGate } from '../server/test-http.js';
import { runGateCli, tempHome } from './test-kit.js';

let g: TestGate;
let home: { home: string; cleanup: () => void };
let homeBob: { home: string; cleanup: () => void };
const NEW_PW = 'a-long-new-password-1';

async function decide(command: string, cwd = '/srv/app') {
  const r = await g.call('POST', '/v1/decide', {
    body: { request: { kind: 'shell', agent: 'claude-code', cwd, command } },
  });
  return r.body as { verdict: string; reasons: string[]; approval?: { id: string } };
}

const cli = (args: string[], h = home.home, stdin?: string) =>
  runGateCli(args, { home: h, gate: g.url, ...(stdin !== undefined ? { stdin } : {}) });

beforeAll(async () => {
  g = await startTestGate({ settings: { totpFor: [] } });
  home = tempHome();
  homeBob = tempHome();
  const admin = await addHuman(g.ctx, 'gate', { name: 'root', role: 'admin' });
  const bob = await addHuman(g.ctx, 'gate', { name: 'bob', role: 'approver', groups: ['sre'] });
  const first = await cli(
    ['login', '--name', 'root'],
    home.home,
    `${admin.password}\n${NEW_PW}\n${NEW_PW}\n`,
  );
  expect(first.code, first.stderr).toBe(0);
  const second = await cli(
    ['login', '--name', 'bob'],
    homeBob.home,
    `${bob.password}\n${NEW_PW}\n${NEW_PW}\n`,
  );
  expect(second.code, second.stderr).toBe(0);
});

afterAll(async () => {
  await g.close();
  home.cleanup();
  homeBob.cleanup();
});

describe('the CLI against a real gate', () => {
  it('whoami names the logged-in human', async () => {
    const r = await cli(['whoami']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('root');
  });

  it('pending lists a held request; approve lets the identical retry through once', async () => {
    const held = await decide('git push --force origin live1');
    expect(held.verdict).toBe('ask');
    const id = held.approval!.id;
    const list = await cli(['pending']);
    expect(list.stdout).toContain(id);
    const show = await cli(['show', id]);
    expect(show.code).toBe(0);
    expect(show.stdout).toContain('git push --force origin live1');
    const ok = await cli(['approve', id, '--comment', 'hotfix']);
    expect(ok.code, ok.stderr).toBe(0);
    expect((await decide('git push --force origin live1')).verdict).toBe('allow');
    expect((await decide('git push --force origin live1')).verdict).toBe('ask');
  });

  it('deny needs a comment, and the comment reaches the agent', async () => {
    const id = (await decide('git push --force origin live2')).approval!.id;
    expect((await cli(['deny', id])).code).toBe(2);
    const r = await cli(['deny', id, '--comment', 'not on main'], homeBob.home);
    expect(r.code, r.stderr).toBe(0);
    const retry = await decide('git push --force origin live2');
    expect(retry.verdict).toBe('deny');
    expect(retry.reasons.join(' ')).toContain('not on main');
  });

  it('a second vote by the same approver is refused with exit 1', async () => {
    const id = (await decide('terraform destroy -auto-approve', '/srv/infra/envs/prod')).approval!
      .id;
    expect((await cli(['approve', id])).code).toBe(0);
    const again = await cli(['approve', id]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already voted|duplicate/);
  });

  it('agent add prints a token once; the token decides as that agent', async () => {
    const r = await cli(['agent', 'add', 'deployer', '--scope', 'path:/srv/app', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const token = (JSON.parse(r.stdout) as { token: string }).token;
    const inScope = await g.call('POST', '/v1/decide', {
      auth: token,
      body: { request: { kind: 'shell', agent: 'x', cwd: '/srv/app', command: 'git status' } },
    });
    expect((inScope.body as { verdict: string }).verdict).toBe('allow');
    const outside = await g.call('POST', '/v1/decide', {
      auth: token,
      body: { request: { kind: 'shell', agent: 'x', cwd: '/etc', command: 'git status' } },
    });
    expect((outside.body as { rule: string }).rule).toBe('identity/out-of-scope');
    expect((await cli(['agent', 'list'])).stdout).toContain('deployer');
    expect((await cli(['agent', 'revoke', 'deployer'])).code).toBe(0);
    const revoked = await g.call('POST', '/v1/decide', {
      auth: token,
      body: { request: { kind: 'shell', agent: 'x', cwd: '/srv/app', command: 'git status' } },
    });
    expect(revoked.status).toBe(401);
  });

  it('audit verify passes after all of it, and tail shows the latest events', async () => {
    const v = await cli(['audit', 'verify']);
    expect(v.code, v.stderr).toBe(0);
    expect(v.stdout).toMatch(/^chain verified: \d+ events, head #\d+ [0-9a-f]{64}\n$/);
    const t = await cli(['audit', 'tail', '-n', '3']);
    expect(t.code).toBe(0);
    expect(t.stdout.trim().split('\n')).toHaveLength(3);
  });

  it('an approver (not admin) cannot add agents: exit 1', async () => {
    const r = await cli(['agent', 'add', 'sneaky'], homeBob.home);
    expect(r.code).toBe(1);
  });
});
