/**
 * The one suite every hook adapter runs (CONVENTIONS.md 11): `<agent>.test.ts` calls `runAdapterSuite()` with
 * that agent's payload shapes, its pinned answers and a model of how the agent reads an answer. It checks:
 * deny blocks; ask becomes the agent's native ask only when local confirmation is allowed, else a
 * deny-with-ticket; garbage, empty and oversize input, wrong types, a failing or slow judge all deny; unknown
 * fields are tolerated; the exact bytes and exit code of allow/ask/deny are pinned; tool names map to the
 * right requests (a literal table per agent); and edits to agent or Portcullis config are never allowed by
 * the real judge. Dangerous commands here are data: the hook only analyses them.
 *
 * Not part of the build (test-only; imports vitest).
 */
import { describe, expect, it } from 'vitest';
import type { ActionRequest } from '../../analyze/request.js';
import type { Decision } from '../../policy/types.js';
import type { HookAdapter, HookOutput } from './adapter.js';
import { builtinJudge } from './judge.js';
import { MAX_PAYLOAD_BYTES, runHook, type Judge } from './run.js';

/** How the agent itself reads an answer (reference/agent-hooks.md §2): `invalid` answers are ignored. */
export type AgentReading = 'allow' | 'ask' | 'deny' | 'proceeds' | 'invalid';

/** Fixed decisions whose answers each agent pins byte for byte. */
export const DECISIONS = {
  allow: { verdict: 'allow', risk: 'none', rule: 'builtin/allow', reasons: [], actions: [] },
  ask: {
    verdict: 'ask',
    risk: 'high',
    rule: 'git/force-push',
    reasons: ['git push --force rewrites the remote branch'],
    actions: [],
    approvals: { required: 1, ttlSeconds: 900 },
  },
  peer: {
    verdict: 'ask',
    risk: 'catastrophic',
    rule: 'iac/destroy',
    reasons: ['terraform destroy deletes every resource of the prod stack'],
    actions: [],
    approvals: { required: 2, ttlSeconds: 900 },
  },
  deny: {
    verdict: 'deny',
    risk: 'catastrophic',
    rule: 'fs/rm-root',
    reasons: ['rm -rf / deletes the whole file system'],
    actions: [],
  },
} as const satisfies Record<string, Decision>;

/**
 * The texts the pinned answers carry, for the DECISIONS above. None needs JSON escaping (the suite checks),
 * so a pin can embed them in a literal and still be the exact bytes.
 */
export const TEXT = {
  ask:
    'Portcullis asks for confirmation: git push --force rewrites the remote branch [rule git/force-push, ' +
    'risk high]. Allow only if you expected this.',
  askTicket:
    'Portcullis held this action for approval by a human: git push --force rewrites the remote branch ' +
    '[rule git/force-push, risk high]. It was not run. Tell the user what you wanted to do and why, and ' +
    'wait for their decision; do not retry it or work around it.',
  peer:
    'Portcullis held this action for peer review by 2 approvers (not the person running the agent): ' +
    'terraform destroy deletes every resource of the prod stack [rule iac/destroy, risk catastrophic]. It ' +
    'was not run. Tell the user what you wanted to do and why, and wait for their decision; do not retry ' +
    'it or work around it.',
  deny:
    'Portcullis denied this action: rm -rf / deletes the whole file system [rule fs/rm-root, risk ' +
    'catastrophic]. It was not run. Do not retry it or get the same effect another way (another tool, a ' +
    'script, a config change); if it is really needed, tell the user what you wanted to do and why.',
  garbage: (agent: string): string =>
    `Portcullis could not judge this action (unreadable ${agent} hook payload: not valid JSON), so it ` +
    'was denied to be safe. It was not run. If this keeps happening, tell the user that the Portcullis ' +
    'hook is failing.',
} as const;

export const CWD = '/home/dev/project';

export interface AdapterSuiteSpec {
  adapter: HookAdapter;
  /** A valid payload of this agent running `command` in its shell tool. */
  shell: (command: string, cwd?: string) => unknown;
  /** The agent's reading of an answer, written from its contract (not from our renderer). */
  reads: (out: HookOutput) => AgentReading;
  /** Exact answers: to the fixed DECISIONS, and to the payload `not json`. */
  pins: {
    allow: HookOutput;
    ask: HookOutput;
    peer: HookOutput;
    deny: HookOutput;
    garbage: HookOutput;
  };
  /** Literal table: a payload of this agent → the request it becomes (cwd CWD unless the payload says). */
  mapping: readonly (readonly [name: string, payload: unknown, request: ActionRequest])[];
  /** Payloads of the right event but wrong types or missing fields: each must deny. */
  wrongTypes: readonly (readonly [name: string, payload: unknown])[];
  /** A valid payload with unknown fields added at every level. */
  unknownFields: unknown;
  /** Payloads editing agent hook config or Portcullis' own files through a file tool: each must deny. */
  protectedEdits: readonly (readonly [name: string, payload: unknown])[];
}

/** A judge that records what it was asked and answers `decision`. */
function recording(decision: Decision): { judge: Judge; seen: ActionRequest[] } {
  const seen: ActionRequest[] = [];
  return {
    seen,
    judge: (req) => {
      seen.push(req);
      return decision;
    },
  };
}

function run(
  spec: AdapterSuiteSpec,
  payload: unknown,
  judge: Judge,
  budgetMs?: number,
): Promise<HookOutput> {
  const raw = typeof payload === 'string' ? payload : JSON.stringify(payload);
  return runHook(spec.adapter, raw, judge, {
    cwd: CWD,
    ...(budgetMs !== undefined ? { budgetMs } : {}),
  });
}

export function runAdapterSuite(spec: AdapterSuiteSpec): void {
  const { adapter } = spec;
  const safe = spec.shell('git status');

  describe(`${adapter.agent} hook adapter (shared suite)`, () => {
    describe('pins the exact answer (stdout, stderr, exit code)', () => {
      it('with texts that need no JSON escaping', () => {
        const texts = [TEXT.ask, TEXT.askTicket, TEXT.peer, TEXT.deny, TEXT.garbage(adapter.agent)];
        for (const t of texts) expect(JSON.stringify(t)).toBe(`"${t}"`);
      });
      for (const key of ['allow', 'ask', 'peer', 'deny'] as const) {
        it(`to ${key}`, async () => {
          expect(await run(spec, safe, () => DECISIONS[key])).toEqual(spec.pins[key]);
        });
      }
      it('to a payload that is not JSON', async () => {
        expect(await run(spec, 'not json', () => DECISIONS.allow)).toEqual(spec.pins.garbage);
      });
    });

    describe('as the agent reads it', () => {
      it('an allow lets the call proceed, and is a valid answer', () => {
        expect(['allow', 'proceeds']).toContain(spec.reads(spec.pins.allow));
      });
      it('a deny blocks', () => {
        expect(spec.reads(spec.pins.deny)).toBe('deny');
      });
      it(`an ask with local confirmation allowed is ${adapter.nativeAsk ? 'a native ask' : 'a deny-with-ticket'}`, () => {
        expect(spec.reads(spec.pins.ask)).toBe(adapter.nativeAsk ? 'ask' : 'deny');
      });
      it('an ask that needs peer review is always a deny-with-ticket', () => {
        expect(spec.reads(spec.pins.peer)).toBe('deny');
        expect(JSON.stringify(spec.pins.peer)).toContain('peer review by 2 approvers');
      });
      it('a fail-closed answer blocks, whatever the reason', () => {
        expect(spec.reads(adapter.failClosed('x'))).toBe('deny');
        expect(spec.reads(spec.pins.garbage)).toBe('deny');
      });
    });

    describe('fails closed', () => {
      const inputs: readonly (readonly [string, string])[] = [
        ['empty stdin', ''],
        ['whitespace', ' \n\t '],
        ['truncated JSON', '{"tool_name": "Ba'],
        ['null', 'null'],
        ['an array', '[]'],
        ['a number', '42'],
        ['a string', '"rm -rf /"'],
        ['an empty object', '{}'],
        ['10 MB of garbage', 'x'.repeat(10 * 1024 * 1024)],
      ];
      for (const [name, raw] of inputs) {
        it(`on ${name}`, async () => {
          expect(spec.reads(await run(spec, raw, () => DECISIONS.allow))).toBe('deny');
        });
      }
      it('on a valid payload over the size limit', async () => {
        const big = spec.shell(`echo ${'a'.repeat(MAX_PAYLOAD_BYTES)}`);
        expect(spec.reads(await run(spec, big, () => DECISIONS.allow))).toBe('deny');
      });
      for (const [name, payload] of spec.wrongTypes) {
        it(`on wrong types: ${name}`, async () => {
          expect(spec.reads(await run(spec, payload, () => DECISIONS.allow))).toBe('deny');
        });
      }
      it('when the judge throws', async () => {
        const out = await run(spec, safe, () => {
          throw new Error('policy file is missing');
        });
        expect(spec.reads(out)).toBe('deny');
      });
      it('when the judge rejects', async () => {
        expect(spec.reads(await run(spec, safe, () => Promise.reject(new Error('no store'))))).toBe(
          'deny',
        );
      });
      it('when the judge returns no verdict', async () => {
        const bogus = { ...DECISIONS.allow, verdict: 'maybe' } as unknown as Decision;
        expect(spec.reads(await run(spec, safe, () => bogus))).toBe('deny');
      });
      it('when the time budget runs out', async () => {
        const never: Judge = () => new Promise<Decision>(() => undefined);
        expect(spec.reads(await run(spec, safe, never, 20))).toBe('deny');
      });
      it('with a budget inside the agent timeout', () => {
        expect(adapter.budgetMs).toBeGreaterThan(0);
        expect(adapter.budgetMs).toBeLessThanOrEqual(10_000);
      });
    });

    it('tolerates unknown fields', async () => {
      const { judge, seen } = recording(DECISIONS.allow);
      expect(await run(spec, spec.unknownFields, judge)).toEqual(spec.pins.allow);
      expect(seen).toHaveLength(1);
    });

    describe('maps tool calls to requests', () => {
      for (const [name, payload, request] of spec.mapping) {
        it(name, async () => {
          const { judge, seen } = recording(DECISIONS.allow);
          await run(spec, payload, judge);
          expect(seen).toEqual([request]);
        });
      }
    });

    describe('with the real judge', () => {
      it('allows a harmless command', async () => {
        expect(['allow', 'proceeds']).toContain(spec.reads(await run(spec, safe, builtinJudge)));
      });
      it('denies a catastrophic command (data only: never executed)', async () => {
        expect(spec.reads(await run(spec, spec.shell('rm -rf /'), builtinJudge))).toBe('deny');
      });
      it('denies terraform destroy in prod', async () => {
        const payload = spec.shell('terraform destroy -auto-approve', '/home/dev/infra/envs/prod');
        expect(spec.reads(await run(spec, payload, builtinJudge))).toBe('deny');
      });
    });

    describe('never allows an edit that would route around the gate', () => {
      // The file analyzer rates a change to hook configuration or Portcullis' files high (`self/*`): the
      // built-in mapping asks, natively where the agent can (a human answers, never the agent), else it is a
      // deny-with-ticket; the default policy denies it outright.
      for (const [name, payload] of spec.protectedEdits) {
        it(name, async () => {
          let decided: Decision | undefined;
          const judge: Judge = async (req) => (decided = await builtinJudge(req));
          const out = await run(spec, payload, judge);
          expect(decided?.rule).toMatch(/^self\//);
          expect(spec.reads(out)).toBe(adapter.nativeAsk ? 'ask' : 'deny');
        });
      }
    });
  });
}
