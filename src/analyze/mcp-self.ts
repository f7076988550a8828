/**
 * Portcullis' own MCP server (`portcullis mcp serve`) called by an agent: running a command through the gate
 * and asking about approvals is what it is for; anything that decides an approval or changes the gate's
 * policy, identities or installation is the agent approving itself.
 */
import type { Action, Env } from './types.js';
import { nameTokens } from './mcp-names.js';

const DECIDES =
  /^(approve|deny|decide|reject|grant|revoke|uninstall|install|disable|enable|set|update|delete|remove|add|edit|write|create|change|reset)$/;
const RUNS = /^(run|exec|execute|command)$/;

/** Actions for a call to Portcullis' own MCP server, or undefined when `server` is another server. */
export function portcullisServer(
  server: string,
  tool: string,
  base: { tool: string; verb: string; env: Env; via: string[] },
): Action[] | undefined {
  if (!/(^|[^a-z])portcullis($|[^a-z])/i.test(server)) return undefined;
  const tokens = nameTokens(tool);
  const make = (x: Pick<Action, 'effect' | 'risk' | 'rule' | 'reasons'>): Action[] => [
    { ...base, targets: [], reversible: x.risk !== 'high', via: [...base.via], ...x },
  ];
  // `request_approval`, `check_approval`: asking is what the server is for; `approve_request` decides.
  const asks = /^(request|check|get|list|show|status|wait|poll)$/.test(tokens[0] ?? '');
  if (!asks && tokens.some((t) => DECIDES.test(t))) {
    return make({
      effect: 'write',
      risk: 'high',
      rule: 'self/portcullis-mcp',
      reasons: [
        `${tool} on the Portcullis server decides approvals or changes the gate: an agent must never do that`,
      ],
    });
  }
  if (tokens.some((t) => RUNS.test(t))) {
    return make({
      effect: 'exec',
      risk: 'low',
      rule: 'portcullis/exec',
      reasons: [
        `${tool} submits the command to the gate, which judges it before the broker runs it`,
      ],
    });
  }
  return make({
    effect: 'read',
    risk: 'none',
    rule: 'portcullis/read',
    reasons: [`${tool} asks the gate about requests and approvals`],
  });
}
