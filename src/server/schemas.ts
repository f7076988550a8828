/**
 * Every body and query the API accepts, in zod (CONVENTIONS.md 7): strict objects, bounded strings and lists, so
 * a payload the contract does not describe is refused before any route logic sees it. Scopes are checked by
 * `identity/scope.ts` (its own schema) and durations by `identity/tokens.ts`; here they are only bounded.
 */
import type { Context } from 'hono';
import { z } from 'zod';
import type { ActionRequest } from '../analyze/request.js';
import { ApiError } from './errors.js';

const KB = 1024;
/** The longest shell command judged (a hook never needs more; the body limit is 256 KB). */
export const MAX_COMMAND_BYTES = 64 * KB;

const text = (max: number) => z.string().min(1).max(max);
const noNul = (max: number) =>
  text(max).refine((s) => !s.includes('\0'), 'must not contain NUL characters');

/** Login, human and agent names: short, printable, no spaces (they appear in audit actors and URLs). */
export const nameSchema = z
  .string()
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/,
    'letters, digits, ".", "_", "@" or "-" (at most 64)',
  );

/** The agent family a tokenless hook names itself by. */
const agentField = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:@-]{0,63}$/, 'an agent name (at most 64 characters)');

const base = {
  agent: z.optional(agentField),
  cwd: noNul(4096),
  session: z.optional(text(256)),
};

const shellRequest = z.strictObject({
  ...base,
  kind: z.literal('shell'),
  command: noNul(MAX_COMMAND_BYTES).refine(
    (s) => Buffer.byteLength(s, 'utf8') <= MAX_COMMAND_BYTES,
    `at most ${MAX_COMMAND_BYTES} bytes`,
  ),
});

const fileRequest = z.strictObject({
  ...base,
  kind: z.literal('file'),
  tool: text(128),
  op: z.enum(['write', 'edit', 'delete', 'read', 'move']),
  paths: z.array(noNul(4096)).min(1).max(256),
  content: z.optional(z.string().max(200 * KB)),
});

const mcpRequest = z.strictObject({
  ...base,
  kind: z.literal('mcp'),
  server: text(128),
  tool: text(128),
  args: z.unknown(),
  annotations: z.optional(z.record(z.string().max(128), z.unknown())),
});

const otherRequest = z.strictObject({
  ...base,
  kind: z.literal('other'),
  tool: text(128),
  input: z.unknown(),
});

/** An ActionRequest as any door may send it; `agent` may be left out (the token names the agent). */
export const actionRequestSchema = z.discriminatedUnion('kind', [
  shellRequest,
  fileRequest,
  mcpRequest,
  otherRequest,
]);

/** The request with its agent filled in (the gate replaces it with the principal's name anyway). */
export function toActionRequest(parsed: z.infer<typeof actionRequestSchema>): ActionRequest {
  return { ...parsed, agent: parsed.agent ?? 'agent' };
}

export const decideBody = z.strictObject({
  request: actionRequestSchema,
  /** Seconds to hold an ask open for a human (≤ 300). */
  wait: z.optional(z.number().min(0).max(300)),
});

const comment = z.string().max(2000);
const totp = z.string().regex(/^\d{6,8}$/, 'a TOTP code is 6 to 8 digits');

export const approveBody = z.strictObject({ comment: z.optional(comment), totp: z.optional(totp) });
/** `comment` is optional here so that its absence gets its own code (`approval/comment-required`). */
export const denyBody = z.strictObject({ comment: z.optional(comment) });

const approvalId = z.string().regex(/^apr_[a-z2-7]{20}$/, 'an approval id');

export const bulkBody = z
  .strictObject({
    vote: z.enum(['approve', 'deny']),
    ids: z.optional(z.array(approvalId).min(1).max(100)),
    session: z.optional(text(256)),
    comment: z.optional(comment),
    totp: z.optional(totp),
  })
  .refine((b) => (b.ids === undefined) !== (b.session === undefined), 'give either ids or session');

export const loginBody = z.strictObject({
  name: nameSchema,
  password: text(1024),
  totp: z.optional(totp),
});

export const passwordBody = z.strictObject({ current: text(1024), next: text(1024) });

/** `{}` starts enrolment; `{code}` confirms it. */
export const totpBody = z.strictObject({ code: z.optional(totp) });

export const humanBody = z.strictObject({
  name: nameSchema,
  role: z.enum(['admin', 'approver']),
  groups: z.optional(z.array(nameSchema).max(32)),
});

/** A duration: seconds, or text such as `8h` (parsed by `identity/tokens.ts`). */
const ttl = z.union([z.number().int().positive(), text(32)]);

export const agentBody = z.strictObject({
  name: nameSchema,
  scope: z.unknown(),
  operator: z.optional(nameSchema),
  ttl: z.optional(ttl),
});

export const tokenBody = z.strictObject({
  agent: nameSchema,
  scope: z.optional(z.unknown()),
  ttl: z.optional(ttl),
});

export const narrowBody = z.strictObject({
  token: text(8192),
  scope: z.unknown(),
  ttl: z.optional(ttl),
});

export const policyTestBody = z.strictObject({
  command: noNul(MAX_COMMAND_BYTES),
  cwd: z.optional(noNul(4096)),
  agent: z.optional(agentField),
});

export const notifyTestBody = z.strictObject({ channel: text(128) });

/** A signed link may carry the approver's comment (a deny link without one gets a stock comment). */
export const linkBody = z.strictObject({ comment: z.optional(comment) });

const STATUSES = ['pending', 'approved', 'denied', 'expired', 'consumed'] as const;
const intText = (max: number) =>
  z
    .string()
    .regex(/^\d{1,15}$/)
    .transform(Number)
    .pipe(z.number().int().min(0).max(max));
const isoTime = z.iso.datetime({ offset: true });

export const approvalsQuery = z.strictObject({
  status: z.optional(
    z
      .string()
      .transform((s) => s.split(','))
      .pipe(z.array(z.enum(STATUSES)).min(1).max(5)),
  ),
  agent: z.optional(agentField),
  session: z.optional(text(256)),
  limit: z.optional(intText(500)),
});

export const approvalQuery = z.strictObject({ wait: z.optional(intText(300)) });

export const auditQuery = z.strictObject({
  after: z.optional(intText(Number.MAX_SAFE_INTEGER)),
  before: z.optional(intText(Number.MAX_SAFE_INTEGER)),
  type: z.optional(
    z
      .string()
      .transform((s) => s.split(','))
      .pipe(z.array(text(64)).min(1).max(20)),
  ),
  actor: z.optional(text(256)),
  q: z.optional(text(256)),
  since: z.optional(isoTime),
  until: z.optional(isoTime),
  limit: z.optional(intText(1000)),
  order: z.optional(z.enum(['asc', 'desc'])),
});

export const exportQuery = z.strictObject({ format: z.optional(z.enum(['jsonl', 'syslog'])) });
export const tokensQuery = z.strictObject({ agent: z.optional(nameSchema) });
export const policyQuery = z.strictObject({ cwd: z.optional(noNul(4096)) });

function invalid(error: z.ZodError): ApiError {
  // Paths and messages only: never echo the values (a password in the wrong field must not come back).
  const what = error.issues
    .slice(0, 5)
    .map((i) => `${i.path.map(String).join('.') || '(body)'}: ${i.message}`)
    .join('; ');
  return new ApiError('request/invalid', what);
}

/** Validate a query string (repeated keys are refused: the last-one-wins ambiguity helps nobody). */
export function readQuery<T extends z.ZodType>(c: Context, schema: T): z.infer<T> {
  const all = c.req.queries();
  const flat: Record<string, string> = {};
  for (const [k, v] of Object.entries(all)) {
    if (v.length !== 1) throw new ApiError('request/invalid', `query parameter ${k} given twice`);
    flat[k] = v[0] ?? '';
  }
  const r = schema.safeParse(flat);
  if (!r.success) throw invalid(r.error);
  return r.data;
}

/**
 * Read and validate a JSON body. A body must be declared `application/json`: that one header forces a browser
 * into a CORS preflight (which this API never grants), so a web page cannot post to a loopback gate. With
 * `empty`, a missing body reads as `{}`.
 */
export async function readJson<T extends z.ZodType>(
  c: Context,
  schema: T,
  opts: { empty?: boolean } = {},
): Promise<z.infer<T>> {
  const raw = await c.req.text();
  let value: unknown = {};
  if (raw.length > 0 || !opts.empty) {
    const type = c.req.header('content-type') ?? '';
    if (!/^application\/json\s*(;|$)/i.test(type)) {
      throw new ApiError('request/unsupported-media-type', 'send the body as application/json');
    }
    try {
      value = JSON.parse(raw);
    } catch {
      throw new ApiError('request/invalid', 'the body is not valid JSON');
    }
  }
  const r = schema.safeParse(value);
  if (!r.success) throw invalid(r.error);
  return r.data;
}
