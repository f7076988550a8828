/**
 * The policy file's schema (DESIGN.md §4), in zod. Strict everywhere: an unknown key is a typo until proven
 * otherwise, and a typo in a safety policy must stop it loading rather than be ignored. Types are inferred from
 * these schemas, never written twice.
 */
import * as z from 'zod/mini';
import { en } from 'zod/locales';

// zod/mini rather than zod: the same validation at a twentieth of the bundle size (the policy loads on the hook's
// path, where every millisecond of module parsing counts). It ships no messages until a locale is configured;
// English is what classic zod configures too, so this changes nothing for other users of zod in the process.
z.config(en());

export const VERDICTS = ['allow', 'ask', 'deny'] as const;
export const RISKS = ['none', 'low', 'high', 'catastrophic'] as const;
export const EFFECTS = ['read', 'write', 'delete', 'destroy', 'exec', 'unknown'] as const;
/** Environments a policy can name (the analyzer's `unknown` is what matchers raise from, never a target). */
export const ENVS = ['prod', 'staging', 'dev', 'test', 'local'] as const;
/** The keys of `defaults`: each risk, plus `unknown` for actions the analyzer could not understand. */
export const DEFAULT_KEYS = ['catastrophic', 'high', 'unknown', 'low', 'none'] as const;
export type DefaultKey = (typeof DEFAULT_KEYS)[number];

const ID = z
  .string()
  .check(
    z.regex(
      /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/,
      'an id is letters, digits, ".", "_" or "-" (at most 64)',
    ),
  );

const verdict = z.enum(VERDICTS);
const oneOrMany = <T extends z.ZodMiniType>(item: T) =>
  z.union([item, z.array(item).check(z.minLength(1))]);
const nonEmpty = (message?: string) => z.string().check(z.minLength(1, message));
const glob = nonEmpty('an empty pattern matches nothing');
const seconds = z
  .int()
  .check(z.minimum(30, 'at least 30 seconds'), z.maximum(7 * 86400, 'at most 7 days'));
const UNIT = { s: 1, m: 60, h: 3600 } as const;

/** Seconds, or a duration such as "90s", "15m", "2h". */
export const ttlSchema = z.union([
  seconds,
  z.pipe(
    z.pipe(
      z.string().check(z.regex(/^\d+(s|m|h)$/, 'a duration such as "90s", "15m" or "2h"')),
      z.transform((s: string) => Number(s.slice(0, -1)) * UNIT[s.slice(-1) as keyof typeof UNIT]),
    ),
    seconds,
  ),
]);

/** What an `ask` may add: how many approvals, from whom, for how long. */
const askFields = {
  approvals: z.optional(z.int().check(z.minimum(1), z.maximum(10))),
  approverGroups: z.optional(z.array(nonEmpty()).check(z.minLength(1))),
  ttl: z.optional(ttlSchema),
};

const outcomeObject = z.strictObject({ verdict, ...askFields });
/** `ask`, or `{verdict: ask, approvals: 2}`. */
const outcome = z.union([verdict, outcomeObject]);

const environmentEntry = z.union([
  z.strictObject({ match: oneOrMany(glob) }),
  z.array(glob).check(z.minLength(1)),
]);

export const protectSchema = z.strictObject({
  id: z.optional(ID),
  /** `family:glob`, e.g. `zfs:tank/photos*`, `path:~/.ssh`, `*:prod-db`. */
  match: oneOrMany(glob),
  verdict: z.enum(['ask', 'deny']),
  reason: z.optional(nonEmpty()),
  /** Which effects the protection covers; by default everything but `read`. */
  effects: z.optional(z.array(z.enum(EFFECTS)).check(z.minLength(1))),
  ...askFields,
});

/** Shorthand conditions, all of which must hold (a list means any of its items). */
export const matchSchema = z.strictObject({
  tool: z.optional(oneOrMany(glob)),
  verb: z.optional(oneOrMany(glob)),
  env: z.optional(oneOrMany(z.enum([...ENVS, 'unknown']))),
  risk: z.optional(oneOrMany(z.enum(RISKS))),
  effect: z.optional(oneOrMany(z.enum(EFFECTS))),
  /** The analyzer's rule id, e.g. `k8s/delete-*`. */
  rule: z.optional(oneOrMany(glob)),
  /** Any of the action's targets. */
  target: z.optional(oneOrMany(glob)),
  agent: z.optional(oneOrMany(glob)),
});

export const ruleSchema = z
  .strictObject({
    id: ID,
    description: z.optional(z.string()),
    when: z.optional(nonEmpty()),
    match: z.optional(matchSchema),
    verdict,
    reason: z.optional(nonEmpty()),
    ...askFields,
  })
  .check(
    z.refine((r) => r.when !== undefined || r.match !== undefined, {
      message: 'a rule needs `when` or `match` (write `when: "true"` to match everything)',
    }),
  );

export const testSchema = z.strictObject({
  name: z.optional(z.string()),
  command: nonEmpty(),
  cwd: z.optional(nonEmpty()),
  agent: z.optional(nonEmpty()),
  /** ISO 8601 instant the test runs at; default Wednesday 2026-01-07T12:00:00Z, so results never drift. */
  time: z.optional(z.iso.datetime({ offset: true })),
  expect: verdict,
  /** The deciding policy rule, when the test wants to pin it (`rules/freeze`, `defaults/high` ...). */
  rule: z.optional(nonEmpty()),
});

export const policyFileSchema = z.strictObject({
  version: z.literal(1, 'the only policy version is 1'),
  description: z.optional(z.string()),
  mode: z.optional(z.enum(['enforce', 'shadow'])),
  /** IANA time zone for `time.hour`, `time.weekday` and `time.date` in this file's rules; default UTC. */
  timezone: z.optional(nonEmpty()),
  defaults: z.optional(z.partialRecord(z.enum(DEFAULT_KEYS), outcome)),
  environments: z.optional(z.partialRecord(z.enum(ENVS), environmentEntry)),
  protect: z.optional(z.array(protectSchema)),
  rules: z.optional(z.array(ruleSchema)),
  approvals: z.optional(
    z.strictObject({
      required: z.optional(z.int().check(z.minimum(1), z.maximum(10))),
      approverGroups: z.optional(z.array(nonEmpty()).check(z.minLength(1))),
      ttl: z.optional(ttlSchema),
    }),
  ),
  limits: z.optional(
    z.array(
      z.strictObject({ agent: glob, maxApprovedDestructivePerHour: z.int().check(z.minimum(0)) }),
    ),
  ),
  tests: z.optional(z.array(testSchema)),
});

/** A policy file as validated (durations already in seconds). */
export type PolicyFile = z.infer<typeof policyFileSchema>;
export type RuleSpec = z.infer<typeof ruleSchema>;
export type ProtectSpec = z.infer<typeof protectSchema>;
export type MatchSpec = z.infer<typeof matchSchema>;
export type TestSpec = z.infer<typeof testSchema>;
export type OutcomeSpec = z.infer<typeof outcome>;
