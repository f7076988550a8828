/**
 * Schemas of the gate's answers as the CLI reads them (src/server/API.md; ApprovalView in src/gate/types.ts).
 * Loose objects: the server may add fields without breaking an older CLI, but every field a command renders is
 * required and typed, so a wrong answer is reported as such instead of printing `undefined`.
 */
import * as z from 'zod/mini';
import { en } from 'zod/locales';

z.config(en());

const str = z.string();
const strs = z.array(z.string());
/** Times come as ISO strings (views) or epoch milliseconds (records). */
const time = z.union([z.string(), z.number()]);

export const errorBodySchema = z.object({
  error: z.looseObject({ code: z.string().check(z.minLength(1)), message: str }),
});

export const okSchema = z.looseObject({ ok: z.boolean() });

export const healthSchema = z.looseObject({
  ok: z.boolean(),
  store: z.optional(str),
  version: z.optional(str),
});

export const humanSchema = z.looseObject({
  name: str,
  role: str,
  groups: z.optional(strs),
  totp: z.optional(z.boolean()),
  mustChangePassword: z.optional(z.boolean()),
  disabled: z.optional(z.boolean()),
});
export type HumanView = z.infer<typeof humanSchema>;

export const loginSchema = z.looseObject({
  session: z.string().check(z.minLength(1)),
  csrf: z.optional(str),
  expiresAt: time,
  human: humanSchema,
});

export const meSchema = z.looseObject({ human: humanSchema });

export const totpStartSchema = z.looseObject({ secret: str, uri: str });

export const approvalViewSchema = z.looseObject({
  id: str,
  status: str,
  agent: str,
  summary: str,
  risk: str,
  env: str,
  required: z.number(),
  approvedBy: strs,
  deniedBy: strs,
  comments: z.array(z.looseObject({ approver: str, vote: str, comment: str })),
  createdAt: time,
  expiresAt: time,
  url: str,
});
export type ApprovalView = z.infer<typeof approvalViewSchema>;

export const approvalsSchema = z.looseObject({ approvals: z.array(approvalViewSchema) });
export const approvalOneSchema = z.looseObject({ approval: approvalViewSchema });

const actionSchema = z.looseObject({
  tool: str,
  verb: str,
  effect: z.optional(str),
  risk: str,
  env: str,
  targets: strs,
  via: strs,
  rule: str,
  reasons: strs,
});
export type ActionView = z.infer<typeof actionSchema>;

const decisionSchema = z.looseObject({
  verdict: str,
  risk: str,
  rule: str,
  reasons: strs,
  actions: z.array(actionSchema),
});

/** The ActionRequest the approval is about; one of four kinds, each rendered by what it carries. */
const requestSchema = z.looseObject({
  kind: str,
  agent: z.optional(str),
  cwd: z.optional(str),
  session: z.optional(str),
  command: z.optional(str),
  tool: z.optional(str),
  op: z.optional(str),
  paths: z.optional(strs),
  server: z.optional(str),
  args: z.optional(z.unknown()),
  input: z.optional(z.unknown()),
});
export type RequestView = z.infer<typeof requestSchema>;

export const approvalDetailSchema = z.looseObject({
  approval: approvalViewSchema,
  request: z.optional(requestSchema),
  decision: z.optional(decisionSchema),
});
export type ApprovalDetail = z.infer<typeof approvalDetailSchema>;

const bulkError = z.union([str, z.looseObject({ code: str, message: str })]);
export const bulkSchema = z.looseObject({
  results: z.array(
    z.looseObject({
      id: str,
      ok: z.boolean(),
      approval: z.optional(approvalViewSchema),
      error: z.optional(bulkError),
    }),
  ),
});
export type BulkResult = z.infer<typeof bulkSchema>['results'][number];

const scopeSchema = z.looseObject({
  envs: z.optional(strs),
  tools: z.optional(strs),
  paths: z.optional(strs),
});
export interface ScopeView {
  envs?: string[];
  tools?: string[];
  paths?: string[];
}

const agentSchema = z.looseObject({
  name: str,
  scope: scopeSchema,
  operator: z.optional(str),
  createdAt: time,
  revokedAt: z.optional(time),
});
export type AgentView = z.infer<typeof agentSchema>;

const claimsSchema = z.looseObject({
  sub: z.optional(str),
  jti: z.optional(str),
  exp: z.optional(z.number()),
  scope: z.optional(scopeSchema),
});

export const agentAddSchema = z.looseObject({
  agent: agentSchema,
  token: str,
  claims: claimsSchema,
});
export const agentsSchema = z.looseObject({ agents: z.array(agentSchema) });
export const tokenIssuedSchema = z.looseObject({ token: str, claims: claimsSchema });
export type TokenIssued = z.infer<typeof tokenIssuedSchema>;

const tokenSchema = z.looseObject({
  jti: str,
  agent: str,
  scope: scopeSchema,
  issuedAt: time,
  expiresAt: time,
  parent: z.optional(str),
  revokedAt: z.optional(time),
});
export const tokensSchema = z.looseObject({ tokens: z.array(tokenSchema) });

export const humanAddSchema = z.looseObject({ human: humanSchema, password: str });
export const humansSchema = z.looseObject({ humans: z.array(humanSchema) });

export const auditEventSchema = z.looseObject({
  seq: z.number(),
  ts: str,
  type: str,
  actor: str,
  data: z.record(z.string(), z.unknown()),
  hash: z.optional(str),
});
export type AuditEventView = z.infer<typeof auditEventSchema>;
export const auditSchema = z.looseObject({ events: z.array(auditEventSchema) });

/** Query of `GET /v1/audit`. */
export type AuditQuery = {
  after?: number;
  before?: number;
  type?: string;
  actor?: string;
  q?: string;
  since?: string;
  until?: string;
  limit?: number;
  order?: 'asc' | 'desc';
};

export const verifySchema = z.union([
  z.looseObject({
    ok: z.literal(true),
    count: z.number(),
    head: z.optional(z.looseObject({ seq: z.number(), hash: str })),
  }),
  z.looseObject({ ok: z.literal(false), seq: z.number(), why: str }),
]);

export const channelsSchema = z.looseObject({
  channels: z.array(
    z.looseObject({
      name: str,
      type: str,
      risks: z.optional(strs),
      stage: z.optional(z.unknown()),
    }),
  ),
});
