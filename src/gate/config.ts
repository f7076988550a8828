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

/** True for 127.0.0.0/8, ::1 and localhost: the only listeners that accept anonymous agents by default. */
export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}
