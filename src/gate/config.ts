/**
 * The gate's own configuration (`gate.yaml`): where it listens, which store, how approvals behave, where
 * notifications go. It is kept apart from the policy on purpose: a project's `.portcullis.yaml` travels with a
 * repository an agent can edit, and must never be able to point notifications (which carry approval links) or the
 * audit webhook at a server of its choosing. Validated strictly; a bad file stops the gate from starting.
 */
import * as z from 'zod';
import { notifySchema, resolveSecrets } from '../notify/schema.js';

const RISKS = ['none', 'low', 'high', 'catastrophic'] as const;
const UNIT = { s: 1, m: 60, h: 3600 } as const;

/** Seconds, or "90s", "5m", "1h". */
const seconds = z.union([
  z.int().min(0).max(86_400),
  z
    .string()
    .regex(/^\d+(s|m|h)$/, 'a duration such as "90s", "5m" or "1h"')
    .transform((s) => Number(s.slice(0, -1)) * UNIT[s.slice(-1) as keyof typeof UNIT]),
]);

/**
 * Environment names a binding may never set, even from gate.yaml: the variables the broker fixes itself, and
 * those that make a shell, the dynamic linker or an interpreter load code before the command runs (`LD_PRELOAD`,
 * `BASH_ENV`, `PROMPT_COMMAND`, `NODE_OPTIONS` …). Compared upper-cased; the `*_PREFIXES` cover whole families.
 */
export const FORBIDDEN_ENV_NAMES: ReadonlySet<string> = new Set([
  'PATH',
  'HOME',
  'LANG',
  'TERM',
  'USER',
  'BASH_ENV',
  'ENV',
  'PROMPT_COMMAND',
  'SHELLOPTS',
  'BASHOPTS',
  'PS4',
  'IFS',
  'CDPATH',
  'GLOBIGNORE',
  'NODE_OPTIONS',
  'NODE_PATH',
  'PYTHONPATH',
  'PYTHONSTARTUP',
  'PYTHONHOME',
  'PERL5OPT',
  'PERL5LIB',
  'PERLLIB',
  'RUBYOPT',
  'RUBYLIB',
  'JAVA_TOOL_OPTIONS',
  '_JAVA_OPTIONS',
  'JDK_JAVA_OPTIONS',
  'GCONV_PATH',
  'LOCPATH',
  'HOSTALIASES',
  'RES_OPTIONS',
]);
const FORBIDDEN_ENV_PREFIXES = ['LD_', 'DYLD_', 'BASH_FUNC_', 'MALLOC_', 'GLIBC_', 'LC_'];

/** Whether a binding may set this environment variable (see {@link FORBIDDEN_ENV_NAMES}). */
export function isForbiddenEnvName(name: string): boolean {
  const n = name.toUpperCase();
  return FORBIDDEN_ENV_NAMES.has(n) || FORBIDDEN_ENV_PREFIXES.some((p) => n.startsWith(p));
}

/** A vault secret's name: also its audit label and its AAD, so short and printable. */
export const SECRET_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

const envName = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]{0,127}$/, 'an environment variable name')
  .refine((n) => !isForbiddenEnvName(n), 'a variable the broker never lets a binding set');
const envToSecret = z
  .record(envName, z.string().regex(SECRET_NAME, 'a vault secret name'))
  .refine((r) => Object.keys(r).length <= 32, 'at most 32 variables');

/**
 * One credential binding: which vault secrets a brokered command gets, by what it does. Matched against the
 * actions the gate decided (`src/broker/bindings.ts`): `tool` is a glob over the action's tool (or the command
 * it was wrapped in, `ssh` for `ssh host cmd`), `env` the environment the analyzer derived, `target` a glob over
 * the action's targets and hosts. `vars` set `ENV_NAME` to the secret's value; `files` write the secret to a
 * private 0600 file and set `ENV_NAME` to its path (KUBECONFIG, AWS_SHARED_CREDENTIALS_FILE, an SSH key).
 */
export const bindingSchema = z
  .strictObject({
    name: z.optional(z.string().regex(SECRET_NAME, 'letters, digits, ".", "_" or "-"')),
    tool: z.string().min(1).max(128),
    env: z.optional(z.enum(['prod', 'staging', 'dev', 'test', 'local', 'unknown'])),
    target: z.optional(z.string().min(1).max(512)),
    vars: z.optional(envToSecret),
    files: z.optional(envToSecret),
  })
  .refine(
    (b) => Object.keys({ ...b.vars, ...b.files }).length > 0,
    'a binding gives at least one of vars or files',
  )
  .refine(
    (b) => !Object.keys(b.vars ?? {}).some((k) => k in (b.files ?? {})),
    'a variable is set by vars or by files, not both',
  );
export type BindingConfig = z.infer<typeof bindingSchema>;

const bucket = z.strictObject({
  burst: z.int().min(1).max(1_000_000),
  perSecond: z.number().positive().max(1_000_000),
});

export const gateConfigSchema = z.strictObject({
  listen: z
    .strictObject({
      host: z.string().min(1).default('127.0.0.1'),
      port: z.int().min(0).max(65_535).default(7421),
    })
    .default({ host: '127.0.0.1', port: 7421 }),
  /** Where humans reach the console (links in tickets and notifications); default from `listen`. */
  publicUrl: z.optional(z.url({ protocol: /^https?$/ })),
  /** A SQLite file path, or a `postgres://` URL; default `<dataDir>/portcullis.db`. */
  db: z.optional(z.string().min(1)),
  approvals: z
    .strictObject({
      /** One deny denies (default). When false, a request is denied once denies reach N. */
      denyOnFirst: z.boolean().default(true),
      /** Risks whose approvals need every approver's TOTP code. */
      totpFor: z.array(z.enum(RISKS)).default(['catastrophic']),
      /** Risks whose notifications may carry one-tap approve/deny links; catastrophic is never allowed. */
      inlineFor: z.array(z.enum(['none', 'low', 'high'])).default(['high']),
    })
    .default({ denyOnFirst: true, totpFor: ['catastrophic'], inlineFor: ['high'] }),
  agents: z
    .strictObject({
      /**
       * Accept `/v1/decide` without a token, as `anonymous:<agent>` with no scope. Such callers can only be judged,
       * never approve. Default: on when listening on loopback only.
       */
      anonymous: z.optional(z.boolean()),
    })
    .default({}),
  /**
   * Rate limits per principal (an agent token, a human session, an anonymous caller's IP): a burst, then a steady
   * rate. Defaults: 100 at once, then 50 a second.
   */
  rateLimits: z
    .strictObject({
      agent: z.optional(bucket),
      human: z.optional(bucket),
      anonymous: z.optional(bucket),
    })
    .default({}),
  /** Bearer token for Prometheus to read /metrics (`${ENV}` allowed). */
  metricsToken: z.optional(z.string().min(16)),
  notify: z.optional(notifySchema),
  audit: z
    .strictObject({
      webhook: z.optional(
        z.strictObject({
          url: z.url({ protocol: /^https?$/ }),
          secret: z.optional(z.string().min(16)),
        }),
      ),
    })
    .default({}),
  /**
   * Credentials the broker gives approved commands (`portcullis exec`). Here and never in the policy: a project's
   * `.portcullis.yaml` travels with a repository the agent can edit, and a binding there could hand the agent's
   * own commands the production keys. Values are vault secret *names* (`portcullis secret set NAME`).
   */
  bindings: z.array(bindingSchema).max(256).default([]),
  vault: z
    .strictObject({
      /** The 32-byte key file (default `<dataDir>/vault.key`, created 0600 on first use). */
      keyFile: z.optional(z.string().min(1)),
    })
    .default({}),
  /** Seconds a request waits before phone channels are told; overrides `notify.escalateAfter`. */
  escalateAfter: z.optional(seconds),
});

export type GateConfig = z.infer<typeof gateConfigSchema>;

/** Validate a parsed config document (after `${ENV}` expansion). Throws a readable error naming the field. */
export function parseGateConfig(doc: unknown, env: NodeJS.ProcessEnv = {}): GateConfig {
  const result = gateConfigSchema.safeParse(resolveSecrets(doc ?? {}, env, 'config'));
  if (!result.success) {
    const first = result.error.issues[0];
    const where = first?.path.length ? first.path.join('.') : 'config';
    throw new Error(`invalid gate config at ${where}: ${first?.message ?? 'invalid'}`);
  }
  return result.data;
}

export { isLoopbackHost } from './loopback.js';
