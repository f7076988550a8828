/**
 * The `notify:` section of the config file, in zod. Strict: an unknown key is a typo until proven otherwise, and
 * a typo in a channel means approvers never hear of a request. Secrets may be written as `${ENV_NAME}`; they are
 * resolved before validation (so a URL held in the environment is still checked as a URL) and never appear in an
 * error message. Types are inferred from the schema.
 */
import * as z from 'zod';
import { DEFAULT_TIMEOUT_MS } from './channel.js';

const RISKS = ['none', 'low', 'high', 'catastrophic'] as const;
/** By default a channel hears of what needs a human anyway: high and catastrophic. */
export const DEFAULT_RISKS: readonly (typeof RISKS)[number][] = ['high', 'catastrophic'];

const nonEmpty = z.string().min(1);
const httpUrl = z.url({ protocol: /^https?$/, error: 'an http(s) URL' });
const UNIT_MS = { s: 1000, m: 60_000, h: 3_600_000 } as const;

/** Seconds, or "90s", "5m", "1h"; parsed to milliseconds. */
const duration = z.union(
  [
    z
      .int()
      .min(1)
      .max(86_400)
      .transform((s) => s * 1000),
    z
      .string()
      .regex(/^\d+(s|m|h)$/, 'a duration such as "90s", "5m" or "1h"')
      .transform((s) => Number(s.slice(0, -1)) * UNIT_MS[s.slice(-1) as keyof typeof UNIT_MS])
      .refine((ms) => ms >= 1000 && ms <= 86_400_000, 'between 1s and 24h'),
  ],
  { error: 'seconds, or a duration such as "90s", "5m" or "1h"' },
);

const common = {
  name: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'letters, digits, ".", "_" or "-" (at most 64)'),
  risks: z
    .array(z.enum(RISKS))
    .min(1)
    .default(() => [...DEFAULT_RISKS]),
  stage: z.enum(['desk', 'phone']).default('desk'),
  /**
   * The gate account whose phone or inbox this channel is: its one-tap Approve/Deny buttons vote as that human.
   * Without it the channel carries View only, and approvers decide on the authenticated page.
   */
  approver: z.optional(z.string().min(1).max(128)),
  /** Per-send timeout in milliseconds. */
  timeoutMs: z.int().min(50).max(60_000).default(DEFAULT_TIMEOUT_MS),
};

export const ntfySchema = z.strictObject({
  ...common,
  type: z.literal('ntfy'),
  /** The server's base URL, e.g. https://ntfy.sh or https://home.lan/ntfy. */
  url: httpUrl,
  topic: z.string().regex(/^[-_A-Za-z0-9]{1,64}$/, 'an ntfy topic: letters, digits, "-" or "_"'),
  token: z.optional(nonEmpty),
});

export const gotifySchema = z.strictObject({
  ...common,
  type: z.literal('gotify'),
  url: httpUrl,
  /** An application token. */
  token: nonEmpty,
  /** 0–10; by default from the risk. */
  priority: z.optional(z.int().min(0).max(10)),
});

export const slackSchema = z.strictObject({
  ...common,
  type: z.literal('slack'),
  webhookUrl: httpUrl,
});

export const discordSchema = z.strictObject({
  ...common,
  type: z.literal('discord'),
  webhookUrl: httpUrl,
});

export const telegramSchema = z.strictObject({
  ...common,
  type: z.literal('telegram'),
  botToken: z.string().regex(/^\d+:[\w-]+$/, 'a bot token such as 123456:ABC-def'),
  /** A numeric chat id (negative for groups) or a public channel's `@username`. */
  chatId: z.union([z.int(), z.string().regex(/^(-?\d+|@\w{4,})$/, 'a chat id or @channel')]),
  apiBase: httpUrl.default('https://api.telegram.org'),
  /** When set, only these Telegram users' button presses are passed to the gate. */
  allowedUserIds: z.optional(z.array(z.int()).min(1)),
});

export const webhookSchema = z.strictObject({
  ...common,
  type: z.literal('webhook'),
  url: httpUrl,
  /** HMAC-SHA256 key for `x-portcullis-signature`. */
  secret: z.string().min(16, 'at least 16 characters'),
});

export const emailSchema = z.strictObject({
  ...common,
  type: z.literal('email'),
  host: nonEmpty,
  port: z.int().min(1).max(65_535),
  /** TLS from the first byte (port 465); otherwise STARTTLS when offered. */
  secure: z.boolean().default(false),
  /** Refuse to send unless STARTTLS succeeds (signed links should not cross the network in clear). */
  requireTLS: z.boolean().default(false),
  user: z.optional(nonEmpty),
  pass: z.optional(nonEmpty),
  from: z.email(),
  to: z.array(z.email()).min(1),
});

export const channelSchema = z.discriminatedUnion('type', [
  ntfySchema,
  gotifySchema,
  slackSchema,
  discordSchema,
  telegramSchema,
  webhookSchema,
  emailSchema,
]);

export const notifySchema = z
  .strictObject({
    channels: z.array(channelSchema).default([]),
    /** How long a request waits before `phone` channels are told (milliseconds once parsed). */
    escalateAfter: z.optional(duration),
  })
  .superRefine((cfg, ctx) => {
    const seen = new Set<string>();
    cfg.channels.forEach((c, i) => {
      if (seen.has(c.name)) {
        ctx.addIssue({
          code: 'custom',
          path: ['channels', i, 'name'],
          message: `duplicate channel name "${c.name}"`,
        });
      }
      seen.add(c.name);
      if (c.type === 'email' && (c.user === undefined) !== (c.pass === undefined)) {
        ctx.addIssue({ code: 'custom', path: ['channels', i], message: 'give both user and pass' });
      }
    });
  });

export type NotifyConfig = z.output<typeof notifySchema>;
export type ChannelConfig = z.output<typeof channelSchema>;
export type NtfyConfig = z.output<typeof ntfySchema>;
export type GotifyConfig = z.output<typeof gotifySchema>;
export type SlackConfig = z.output<typeof slackSchema>;
export type DiscordConfig = z.output<typeof discordSchema>;
export type TelegramConfig = z.output<typeof telegramSchema>;
export type WebhookConfig = z.output<typeof webhookSchema>;
export type EmailConfig = z.output<typeof emailSchema>;

/** One problem with the `notify:` section: where (`channels[1].webhookUrl`) and what. */
export interface NotifyProblem {
  field: string;
  message: string;
}

/** The `notify:` section is invalid or names an unset environment variable. Lists every problem. */
export class NotifyConfigError extends Error {
  override readonly name = 'NotifyConfigError';
  readonly problems: readonly NotifyProblem[];
  constructor(problems: readonly NotifyProblem[]) {
    super(
      ['invalid notify config:', ...problems.map((p) => `  ${p.field}: ${p.message}`)].join('\n'),
    );
    this.problems = problems;
  }
}

function fieldName(path: readonly PropertyKey[], root = 'notify'): string {
  let out = root;
  for (const k of path) out += typeof k === 'number' ? `[${k}]` : `.${String(k)}`;
  return out;
}

const REF = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

/**
 * A copy of `value` with every `${NAME}` in every string replaced by `env[NAME]`, so secrets can live in the
 * environment rather than the config file. Throws `NotifyConfigError` naming each unset variable (and where it is
 * used), never its value. Works on the raw config, before validation.
 */
export function resolveSecrets<T>(
  value: T,
  env: Readonly<Record<string, string | undefined>>,
  root = 'notify',
): T {
  const problems: NotifyProblem[] = [];
  const walk = (v: unknown, path: PropertyKey[]): unknown => {
    if (typeof v === 'string') {
      return v.replace(REF, (_m, name: string) => {
        const found = env[name];
        if (found === undefined || found === '') {
          problems.push({
            field: fieldName(path, root),
            message: `environment variable ${name} is not set`,
          });
          return '';
        }
        return found;
      });
    }
    if (Array.isArray(v)) return v.map((x, i) => walk(x, [...path, i]));
    if (typeof v === 'object' && v !== null) {
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x, [...path, k])]));
    }
    return v;
  };
  const out = walk(value, []) as T;
  if (problems.length > 0) throw new NotifyConfigError(problems);
  return out;
}

/**
 * Parse the raw `notify:` section (from YAML): resolve `${ENV}` secrets, then validate. Throws
 * `NotifyConfigError` listing every problem; messages give the field and the rule, never the value.
 */
export function parseNotifyConfig(
  raw: unknown,
  env: Readonly<Record<string, string | undefined>>,
): NotifyConfig {
  const result = notifySchema.safeParse(resolveSecrets(raw ?? {}, env));
  if (result.success) return result.data;
  throw new NotifyConfigError(
    result.error.issues.map((i) => ({ field: fieldName(i.path), message: i.message })),
  );
}
