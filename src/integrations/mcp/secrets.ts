/**
 * Secrets in a tool call's arguments (issue 6: "blocks secrets in arguments"). The agent is not meant to hold
 * credentials at all; one that passes a key, a token or a password to an MCP server either found it where it
 * should not have, or is exfiltrating it. The audit trail's own redaction rules (`redactString`) decide what a
 * secret looks like, so the proxy and the audit agree: a string argument that redaction would change, or a
 * `name=value` pair (a member named `password` with a value) that it would change, refuses the call.
 */
import { MAX_STRING, redactString } from '../../gate/audit/redact.js';

const MAX_DEPTH = 16;
const MAX_NODES = 10_000;
/** Overlap between the windows a long string is scanned in, so a secret across a boundary is still seen. */
const OVERLAP = 8192;

/** Whether redaction would change `text`, scanning a long string in overlapping windows (never truncated). */
function carriesSecret(text: string): boolean {
  if (text.length <= MAX_STRING) return redactString(text) !== text;
  for (let at = 0; at < text.length; at += MAX_STRING - OVERLAP) {
    const window = text.slice(at, at + MAX_STRING);
    if (redactString(window) !== window) return true;
  }
  return false;
}

/**
 * Where in `args` a secret sits (`args.env.API_TOKEN`, `args.headers[0]`), or undefined. Never returns the value.
 * Bounded: too deep or too large an argument tree counts as a secret too, since it cannot be checked.
 */
export function findSecret(args: unknown): string | undefined {
  let nodes = 0;
  const visit = (v: unknown, path: string, depth: number): string | undefined => {
    if (++nodes > MAX_NODES || depth > MAX_DEPTH) return `${path} (too large to check)`;
    if (typeof v === 'string') return carriesSecret(v) ? path : undefined;
    if (v === null || typeof v !== 'object') return undefined;
    if (Array.isArray(v)) {
      for (const [i, item] of v.entries()) {
        const hit = visit(item, `${path}[${i}]`, depth + 1);
        if (hit) return hit;
      }
      return undefined;
    }
    for (const [k, item] of Object.entries(v as Record<string, unknown>)) {
      const at = `${path}.${k}`;
      if (carriesSecret(k)) return `${path} (a member name)`;
      if ((typeof item === 'string' || typeof item === 'number') && String(item) !== '') {
        // `password: "hunter2"` is a secret by its name, as `password=hunter2` is in a command line.
        const pair = `${k}=${String(item).trim().split(/\s/, 1)[0] ?? ''}`;
        if (carriesSecret(pair)) return at;
      }
      const hit = visit(item, at, depth + 1);
      if (hit) return hit;
    }
    return undefined;
  };
  return visit(args, 'args', 0);
}
