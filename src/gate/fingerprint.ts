/**
 * The fingerprint an approval is bound to (DESIGN.md §5): sha256 of (agent, tool, normalised input, cwd, policy
 * version). Only the identical action can spend an approval: another command, another directory, another agent or
 * a changed policy all give another fingerprint. Normalisation is deliberately small — it removes what cannot change
 * the action (a trailing newline, `/./` in a path), never what could (quoting, whitespace inside the command).
 */
import { createHash } from 'node:crypto';
import { posix } from 'node:path';
import type { ActionRequest } from '../analyze/request.js';
import { canonicalJson } from './audit/jcs.js';

/** The request's input, reduced to what decides its effect. */
export function normalisedInput(request: ActionRequest): Record<string, unknown> {
  switch (request.kind) {
    case 'shell':
      return { kind: 'shell', command: request.command.replace(/[\r\n\t ]+$/, '') };
    case 'file':
      return {
        kind: 'file',
        tool: request.tool,
        op: request.op,
        paths: request.paths.map((p) => posix.normalize(p)),
        ...(request.content !== undefined
          ? { content: createHash('sha256').update(request.content).digest('hex') }
          : {}),
      };
    case 'mcp':
      return {
        kind: 'mcp',
        server: request.server,
        tool: request.tool,
        args: request.args ?? null,
      };
    case 'other':
      return { kind: 'other', tool: request.tool, input: request.input ?? null };
  }
}

/** A short, human-readable line for lists and notifications (not part of the fingerprint). */
export function requestSummary(request: ActionRequest): string {
  switch (request.kind) {
    case 'shell':
      return request.command;
    case 'file':
      return `${request.tool} ${request.op} ${request.paths.join(' ')}`;
    case 'mcp':
      return `mcp:${request.server}/${request.tool} ${safeJson(request.args)}`;
    case 'other':
      return `${request.tool} ${safeJson(request.input)}`;
  }
}

function safeJson(v: unknown): string {
  try {
    return JSON.stringify(v) ?? '';
  } catch {
    return '[unserialisable]';
  }
}

/** sha256 hex of the canonical JSON of agent, input, cwd and policy version. Throws on unserialisable input. */
export function fingerprint(agent: string, request: ActionRequest, policyVersion: string): string {
  const body = canonicalJson({
    v: 1,
    agent,
    input: normalisedInput(request),
    cwd: posix.normalize(request.cwd),
    policy: policyVersion,
  });
  return createHash('sha256').update(body).digest('hex');
}
