import { beforeAll, describe, expect, it } from 'vitest';
import { expectTable, judge, type Allowed, type Flagged } from '../test-kit.js';
import { initAnalyzer } from '../index.js';
import { guardTargets } from '../self.js';
import type { Action } from '../types.js';

const flagged: Flagged[] = [
  // The gate's own CLI: approving, deciding, loosening, uninstalling.
  ['portcullis approve 42', 'high', 'self/portcullis-cli'],
  ['portcullis deny 42 --comment ok', 'high', 'self/portcullis-cli'],
  ['npx portcullis approve --all', 'high', 'self/portcullis-cli'],
  ['portcullis uninstall claude-code', 'high', 'self/portcullis-cli'],
  ['portcullis install codex --scope user', 'high', 'self/portcullis-cli'],
  ['portcullis policy set defaults.high allow', 'high', 'self/portcullis-cli'],
  ['portcullis agent add helper --scope prod', 'high', 'self/portcullis-cli'],
  ['portcullis agent revoke abc123', 'high', 'self/portcullis-cli'],
  ['portcullis serve stop', 'high', 'self/portcullis-cli'],
  ['portcullis frobnicate', 'high', 'self/portcullis-cli'],
  ['sudo /usr/local/bin/portcullis uninstall all', 'high', 'self/portcullis-cli'],
  ['bash -c "portcullis approve 7"', 'high', 'self/portcullis-cli'],
  // Removing the gate with a package manager.
  ['npm uninstall -g portcullis', 'high', 'self/portcullis'],
  ['npm rm portcullis', 'high', 'self/portcullis'],
  ['pnpm remove --global portcullis@0.1.0', 'high', 'self/portcullis'],
  ['yarn global remove portcullis', 'high', 'self/portcullis'],
  ['bun remove portcullis', 'high', 'self/portcullis'],
  // Agent CLIs with their safety off, or changing their own configuration.
  ['claude -p "clean up" --dangerously-skip-permissions', 'high', 'self/agent-bypass'],
  ['claude --permission-mode bypassPermissions -p "fix"', 'high', 'self/agent-bypass'],
  ['claude --bare -p "deploy it"', 'high', 'self/agent-bypass'],
  ['claude --setting-sources local -p "x"', 'high', 'self/agent-bypass'],
  [`claude --settings '{"disableAllHooks": true}' -p x`, 'high', 'self/agent-bypass'],
  ['claude mcp add shell -- bash', 'high', 'self/agent-config'],
  ['claude mcp remove portcullis', 'high', 'self/agent-config'],
  ['claude config set -g hooks {}', 'high', 'self/agent-config'],
  ['claude plugin install evil@market', 'high', 'self/agent-config'],
  ['npx @anthropic-ai/claude-code --dangerously-skip-permissions', 'high', 'self/agent-bypass'],
  ['codex exec --dangerously-bypass-approvals-and-sandbox "rm build"', 'high', 'self/agent-bypass'],
  ['codex --yolo', 'high', 'self/agent-bypass'],
  ['codex exec -s danger-full-access "x"', 'high', 'self/agent-bypass'],
  ['codex -c features.hooks=false exec "x"', 'high', 'self/agent-bypass'],
  ['codex -c sandbox_mode="danger-full-access" exec x', 'high', 'self/agent-bypass'],
  ['codex mcp remove portcullis', 'high', 'self/agent-config'],
  ['gemini --yolo -p "tidy up"', 'high', 'self/agent-bypass'],
  ['gemini --approval-mode yolo', 'high', 'self/agent-bypass'],
  ['gemini extensions install https://github.com/x/y', 'high', 'self/agent-config'],
  ['gemini mcp remove portcullis', 'high', 'self/agent-config'],
  ['cursor-agent -p --force "delete old files"', 'high', 'self/agent-bypass'],
  ['copilot -p "ship it" --allow-all-tools', 'high', 'self/agent-bypass'],
  ['copilot --config-dir /tmp/c -p x', 'high', 'self/agent-bypass'],
  ['kiro-cli chat --trust-all-tools', 'high', 'self/agent-bypass'],
  ['kiro-cli settings chat.defaultAgent yolo', 'high', 'self/agent-config'],
  ['kiro-cli agent edit default', 'high', 'self/agent-config'],
  ['opencode run --dangerously-skip-permissions "x"', 'high', 'self/agent-bypass'],
  ['opencode mcp add', 'high', 'self/agent-config'],
];

const allowed: Allowed[] = [
  'portcullis check -- rm -rf /',
  'portcullis check --json --policy ops.yaml -- kubectl get pods',
  'portcullis hook claude-code',
  'portcullis doctor',
  'portcullis pending',
  'portcullis policy show',
  'portcullis policy test examples/homelab.yaml',
  'portcullis audit verify',
  'portcullis agent list',
  'portcullis --version',
  'portcullis approve --help',
  'portcullis exec -- terraform plan',
  'portcullis mcp serve',
  'portcullis mcp proxy -- npx @modelcontextprotocol/server-github',
  'portcullis serve',
  'npm install portcullis',
  'npm uninstall react',
  'npm uninstall portcullis-lite',
  'claude -p "summarise the diff"',
  'claude --version',
  'claude mcp list',
  'claude doctor',
  'claude --permission-mode plan -p "review"',
  'codex exec "write tests"',
  'codex --full-auto exec "fix lint"',
  'codex mcp list',
  'gemini -p "explain this error"',
  'gemini mcp list',
  'gemini extensions list',
  'cursor-agent -p "what does main.ts do"',
  'copilot -p "fix the build" --allow-tool "shell(git status)"',
  'kiro-cli chat',
  'kiro-cli settings list',
  'kiro-cli settings chat.defaultModel',
  'opencode run "add a test"',
  'cat .claude/settings.json',
  'jq .hooks .claude/settings.json',
  'cp .claude/settings.json /tmp/settings.backup.json',
  'git diff .claude/settings.json',
  'ls ~/.config/portcullis',
  'sed -n 1,20p .codex/config.toml',
];

expectTable(flagged, allowed);

/** The engine's actions as they will be once `guardTargets` runs on every emitted action. */
function guarded(command: string, cwd?: string): Action[] {
  const { actions } = judge(command, cwd);
  return actions.flatMap((a) => {
    const extra = guardTargets(a, cwd);
    return extra ? [a, extra] : [a];
  });
}

// [command, rule of a self action that must be among the actions, optional cwd]
const routedAround: ReadonlyArray<readonly [string, string, string?]> = [
  ['echo "{}" > .claude/settings.json', 'self/agent-config'],
  [`sed -i 's/"PreToolUse"/"Off"/' .claude/settings.json`, 'self/agent-config'],
  ['tee ~/.claude/settings.json < /tmp/open.json', 'self/agent-config'],
  ['cp /tmp/open.json .claude/settings.local.json', 'self/agent-config'],
  ['mv .codex/hooks.json .codex/hooks.json.off', 'self/agent-config'],
  ['rm -rf .gemini', 'self/agent-config'],
  ['rm .cursor/hooks.json', 'self/agent-config'],
  ['chmod -x .claude/hooks/portcullis.sh', 'self/agent-config'],
  ['ln -sf /dev/null .github/hooks/portcullis.json', 'self/agent-config'],
  ['truncate -s 0 .kiro/hooks/gate.json', 'self/agent-config'],
  ['echo "{}" > opencode.json', 'self/agent-config'],
  ['git checkout -- .claude/settings.json', 'self/agent-config'],
  ['cd .claude && rm settings.json', 'self/agent-config'],
  ['python3 -c "import os; os.remove(\'.claude/settings.json\')"', 'self/agent-config'],
  ['bash -c "rm -f ~/.codex/hooks.json"', 'self/agent-config'],
  ['rm ~/.local/share/portcullis/portcullis.db', 'self/portcullis'],
  ['echo "mode: shadow" > .portcullis.yaml', 'self/portcullis'],
  ['sudo rm /etc/portcullis/policy.yaml', 'self/portcullis'],
  ['rm -rf node_modules/portcullis', 'self/portcullis'],
  ['chmod -x /usr/local/bin/portcullis', 'self/portcullis'],
  ['rm -rf ~/.config/portcullis', 'self/portcullis'],
];

describe('shell writes to protected paths (with guardTargets wired)', () => {
  beforeAll(async () => {
    await initAnalyzer();
  });
  it.each(routedAround.map((row) => [row[0], row] as const))('%s', (_n, [command, rule, cwd]) => {
    const actions = guarded(command, cwd);
    expect(
      actions.filter((a) => a.rule === rule && a.risk === 'high'),
      JSON.stringify(actions, null, 1),
    ).not.toHaveLength(0);
  });
});
