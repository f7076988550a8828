/**
 * Tool model: self. The programs an agent could use to switch its own gate off: the `portcullis` CLI
 * (approve, deny, policy changes, uninstall) and the agent CLIs themselves when they change their hook,
 * permission or MCP configuration or start a session with approvals, the sandbox or hooks off. Writes to the
 * protected files by any other program are caught by `guardTargets` in `../self.ts`.
 */
import { defineTool } from '../model.js';
import { AGENT_CLIS, agentCli } from './self-agents.js';
import { portcullisCli } from './self-portcullis.js';

export const selfModel = defineTool({
  family: 'self',
  commands: ['portcullis', ...Object.keys(AGENT_CLIS)],
  analyze(inv, ctx) {
    if (inv.name === 'portcullis') return portcullisCli(inv.args, ctx);
    return agentCli(inv.name, inv.args, ctx);
  },
});
