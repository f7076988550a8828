/**
 * The tool results the MCP side returns when it does not run something: a refusal, a deny, a call held for a
 * human. Always `isError: true` with the reason in text (what the model reads), and the decision in the result's
 * `_meta` (what a program reads). Never `structuredContent`: a tool with an output schema would have the client
 * validate a refusal against it.
 */
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { Ticket } from './gate-link.js';

/** `_meta` key of a refusal: `{verdict, rule, risk, approval?}`. */
export const DECISION_META = 'portcullis/decision';

/** What a refusal says about the decision behind it. */
export interface RefusalInfo {
  verdict: 'ask' | 'deny' | 'error' | 'pending';
  rule?: string;
  risk?: string;
  approval?: Pick<Ticket, 'id' | 'url' | 'status'> & { expiresAt?: string | undefined };
}

/** An error result carrying `text` for the model and `info` for programs. */
export function refusal(text: string, info: RefusalInfo): CallToolResult {
  return { content: [{ type: 'text', text }], isError: true, _meta: { [DECISION_META]: info } };
}

/** The approval part of a refusal: only what the agent needs to follow it up. */
export function ticketInfo(t: Ticket): NonNullable<RefusalInfo['approval']> {
  return { id: t.id, url: t.url, status: t.status, expiresAt: t.expiresAt };
}

/** The sentence telling the agent what to do about a held call. */
export function heldText(what: string, t: Ticket, retry: string): string {
  return (
    `${what} needs a human's approval. Ticket ${t.id} (${t.status}): a human decides at ${t.url}` +
    `${t.expiresAt ? ` before ${t.expiresAt}` : ''}. Once it is approved, ${retry}.`
  );
}

/** The deny comments of an approval, as the agent should hear them. */
export function commentsText(t: Ticket | undefined): string {
  const said = (t?.comments ?? []).filter((c) => c.vote !== 'approve');
  return said.length === 0 ? '' : ` ${said.map((c) => `${c.approver}: "${c.comment}"`).join('; ')}`;
}
