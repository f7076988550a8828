import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { claudeHeaders, claudeReadsHttp, type HttpAnswer } from './doctor-http.js';
import { runDoctor, type DoctorReport } from './doctor.js';
import { runInstall } from './run.js';
import { makeWorld, type World } from './test-kit.js';

// doctor for a Claude Code http hook, against a tiny loopback server faking POST /v1/hooks/claude-code (and
// against a port nobody listens on). The samples are data in a POST body: nothing executes them.
let world: World | undefined;
let server: Server | undefined;
afterEach(async () => {
  world?.cleanup();
  world = undefined;
  if (server) {
    const s = server;
    s.closeAllConnections();
    await new Promise<void>((r) =>
      s.close(() => {
        r();
      }),
    );
  }
  server = undefined;
});

const DENY = {
  hookSpecificOutput: {
    hookEventName: 'PreToolUse',
    permissionDecision: 'deny',
    permissionDecisionReason: 'Portcullis: deletes the home directory',
  },
};
const NO_TOKEN = {
  hookSpecificOutput: {
    hookEventName: 'PreToolUse',
    permissionDecision: 'deny',
    permissionDecisionReason: 'Portcullis could not judge this action (no agent token)',
  },
};
const ALLOW = { hookSpecificOutput: { hookEventName: 'PreToolUse', permissionDecision: 'allow' } };

type Mode = 'route' | 'allow-all' | 'status-500' | 'hang';

/** Start the fake route; returns its gate URL and the headers of every request it got. */
async function fakeGate(mode: Mode): Promise<{ gate: string; seen: IncomingHttpHeaders[] }> {
  const seen: IncomingHttpHeaders[] = [];
  const s = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      seen.push(req.headers);
      if (mode === 'hang') return;
      if (mode === 'status-500' || req.url !== '/v1/hooks/claude-code') {
        res.writeHead(mode === 'status-500' ? 500 : 404).end('{}');
        return;
      }
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
        tool_input: { command: string };
      };
      const destructive = body.tool_input.command === 'rm -rf ~';
      // Like the real route: a refused token is a 200 deny, never an error status.
      const tokenless = mode === 'route' && !/^Bearer \S/.test(req.headers.authorization ?? '');
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify(tokenless ? NO_TOKEN : destructive && mode === 'route' ? DENY : ALLOW),
      );
    });
  });
  server = s;
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const addr = s.address();
  return {
    gate: `http://127.0.0.1:${String(typeof addr === 'object' && addr ? addr.port : 0)}`,
    seen,
  };
}

/** A loopback port nobody listens on (listened on, then closed). */
async function deadGate(): Promise<string> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const addr = s.address();
  await new Promise<void>((r) =>
    s.close(() => {
      r();
    }),
  );
  return `http://127.0.0.1:${String(typeof addr === 'object' && addr ? addr.port : 0)}`;
}

const statuses = (report: DoctorReport): [string, string][] =>
  report.hooks.flatMap((h) => h.checks.map((c): [string, string] => [c.name, c.status]));

async function doctorFor(gate: string, env: NodeJS.ProcessEnv, strip?: string) {
  const w = (world = makeWorld());
  runInstall('claude-code', 'user', w.ctx, false, { http: { gate } });
  if (strip !== undefined) {
    const { readFileSync, writeFileSync } = await import('node:fs');
    const path = `${w.ctx.home}/.claude/settings.json`;
    writeFileSync(path, readFileSync(path, 'utf8').replace(strip, ''));
  }
  return runDoctor(w.ctx, { env, maxRunMs: 1000 });
}

describe('doctor, Claude Code http hook', () => {
  it('POSTs both samples with the token header; deny honoured, allow passes', async () => {
    const { gate, seen } = await fakeGate('route');
    const report = await doctorFor(gate, { PORTCULLIS_TOKEN: 'tok-1' });
    expect(statuses(report)).toEqual([
      ['fail-closed', 'ok'],
      ['timeout', 'ok'],
      ['deny', 'ok'],
      ['allow', 'ok'],
    ]);
    const h = report.hooks[0];
    expect(h?.command).toBe(`POST ${gate}/v1/hooks/claude-code`);
    expect(h?.checks[2]?.detail).toMatch(
      /^rm -rf ~ → blocked \(permissionDecision "deny": Portcullis: deletes the home directory, \d+ ms\)$/,
    );
    expect(h?.latencyMs.destructive).toBeGreaterThanOrEqual(0);
    expect(seen.map((s) => [s.authorization, s['content-type']])).toEqual([
      ['Bearer tok-1', 'application/json'],
      ['Bearer tok-1', 'application/json'],
    ]);
    expect(report.ok).toBe(true);
  });

  it('warns when PORTCULLIS_TOKEN is empty here, and sends what Claude Code would', async () => {
    const { gate, seen } = await fakeGate('route');
    const report = await doctorFor(gate, {});
    const token = report.hooks[0]?.checks.find((c) => c.name === 'token');
    expect(token).toEqual({
      name: 'token',
      status: 'warn',
      detail:
        '$PORTCULLIS_TOKEN is empty in this environment (unset, or not in allowedEnvVars): Claude Code started from here sends no token, and a gate that requires one denies every call',
      fix: 'export PORTCULLIS_TOKEN=… in the environment Claude Code starts from',
    });
    // "Bearer " with the empty token: the trailing space is trimmed on the wire.
    expect(seen[0]?.authorization).toBe('Bearer');
    expect(report.hooks[0]?.checks.find((c) => c.name === 'allow')).toEqual({
      name: 'allow',
      status: 'fail',
      detail:
        'git status does not pass cleanly: permissionDecision "deny": Portcullis could not judge this action (no agent token)',
      fix: 'the gate refuses it: check the agent token ($PORTCULLIS_TOKEN) and `portcullis policy show`',
    });
  });

  it('gate not running: a failing check saying Claude Code blocks everything meanwhile', async () => {
    const gate = await deadGate();
    const report = await doctorFor(gate, { PORTCULLIS_TOKEN: 't' });
    expect(statuses(report)).toEqual([
      ['fail-closed', 'ok'],
      ['timeout', 'ok'],
      ['gate', 'fail'],
    ]);
    expect(report.hooks[0]?.checks[2]).toEqual({
      name: 'gate',
      status: 'fail',
      detail: `gate not running: nothing listens at ${gate} (connection refused); with onFailure "block", Claude Code blocks every tool call until the gate answers`,
      fix: 'start the gate: portcullis serve',
    });
    expect(report.ok).toBe(false);
  });

  it('gate not running and no onFailure: every call would go through unchecked', async () => {
    const gate = await deadGate();
    const report = await doctorFor(
      gate,
      { PORTCULLIS_TOKEN: 't' },
      ',\n            "onFailure": "block"',
    );
    const checks = report.hooks[0]?.checks ?? [];
    expect(checks.map((c) => [c.name, c.status])).toEqual([
      ['fail-closed', 'fail'],
      ['timeout', 'ok'],
      ['gate', 'fail'],
    ]);
    expect(checks[0]?.fix).toBe(
      `portcullis install claude-code --scope user --http --gate ${gate}`,
    );
    expect(checks[2]?.detail).toMatch(/; Claude Code lets every tool call through unchecked$/);
  });

  it('a gate that does not answer in time is reported as such', async () => {
    const { gate } = await fakeGate('hang');
    const report = await doctorFor(gate, { PORTCULLIS_TOKEN: 't' });
    const check = report.hooks[0]?.checks.find((c) => c.name === 'gate');
    expect(check?.detail).toMatch(
      new RegExp(`^the gate at ${gate} did not answer within \\d+ ms; with onFailure "block"`),
    );
  });

  it('an error status blocks (onFailure) but the safe call fails too', async () => {
    const { gate } = await fakeGate('status-500');
    const report = await doctorFor(gate, { PORTCULLIS_TOKEN: 't' });
    const checks = report.hooks[0]?.checks ?? [];
    expect(checks.slice(2).map((c) => [c.name, c.status])).toEqual([
      ['deny', 'ok'],
      ['allow', 'fail'],
    ]);
    expect(checks[3]?.detail).toBe(
      'git status does not pass cleanly: the gate answered HTTP 500; onFailure "block" blocks the call',
    );
    expect(checks[3]?.fix).toMatch(
      /^portcullis install claude-code --scope user --http --gate http:\/\/127\.0\.0\.1:\d+; try it: curl -sS /,
    );
  });

  it('a gate whose policy lets the destructive sample through fails deny', async () => {
    const { gate } = await fakeGate('allow-all');
    const report = await doctorFor(gate, { PORTCULLIS_TOKEN: 't' });
    const deny = report.hooks[0]?.checks.find((c) => c.name === 'deny');
    expect(deny).toEqual({
      name: 'deny',
      status: 'fail',
      detail: 'rm -rf ~ would run: permissionDecision "allow"',
      fix: 'your policy lets it through: check `portcullis policy show`',
    });
  });
});

describe('claudeReadsHttp', () => {
  const a = (over: Partial<HttpAnswer>): HttpAnswer => ({
    status: 200,
    body: '',
    timedOut: false,
    ms: 5,
    ...over,
  });
  const U = 'http://127.0.0.1:7421/v1/hooks/claude-code';
  it.each([
    [
      a({ body: JSON.stringify(DENY) }),
      true,
      ['block', true, 'permissionDecision "deny": Portcullis: deletes the home directory'],
    ],
    [a({ body: JSON.stringify(ALLOW) }), true, ['proceed', true, 'permissionDecision "allow"']],
    [
      a({ body: '{"hookSpecificOutput":{"permissionDecision":"ask"}}' }),
      false,
      ['ask', true, 'permissionDecision "ask"'],
    ],
    [a({ body: '' }), true, ['proceed', true, 'empty answer: no decision']],
    [
      a({ body: 'denied' }),
      true,
      ['block', false, 'the answer is not a JSON object; onFailure "block" blocks the call'],
    ],
    [
      a({ body: '[]' }),
      false,
      ['proceed', false, 'the answer is not a JSON object; Claude Code lets the call through'],
    ],
    [
      a({ status: 401, body: JSON.stringify(DENY) }),
      false,
      ['proceed', false, 'the gate answered HTTP 401; Claude Code lets the call through'],
    ],
    [
      a({ status: undefined, error: { code: 'ECONNREFUSED', message: 'connect ECONNREFUSED' } }),
      true,
      [
        'block',
        false,
        `no answer from ${U} (ECONNREFUSED: connect ECONNREFUSED); onFailure "block" blocks the call`,
      ],
    ],
  ])('%#', (answer, failClosed, [effect, clean, why]) => {
    expect(claudeReadsHttp(answer, U, failClosed)).toEqual({ effect, clean, why });
  });
});

describe('claudeHeaders', () => {
  it.each([
    [{ A: 'Bearer $T' }, ['T'], { T: 'x' }, { A: 'Bearer x' }, []],
    [{ A: 'Bearer ${T}-${U}' }, ['T', 'U'], { T: 'x', U: 'y' }, { A: 'Bearer x-y' }, []],
    [{ A: 'Bearer $T' }, [], { T: 'x' }, { A: 'Bearer ' }, ['T']],
    [{ A: 'Bearer $T' }, ['T'], {}, { A: 'Bearer ' }, ['T']],
    [{ A: 'plain', B: 3 }, ['T'], { T: 'x' }, { A: 'plain' }, []],
  ])('%j with %j', (headers, allowedEnvVars, env, want, empty) => {
    expect(claudeHeaders({ headers, allowedEnvVars }, env)).toEqual({ headers: want, empty });
  });
});
