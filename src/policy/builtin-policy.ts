/**
 * The built-in default policy, compiled in. It is the first layer of every policy: files add to it (and system
 * or user files may override its defaults), but its protections and its self-protection rule always apply.
 *
 * It is a typed object rather than YAML text so a hook process does not parse YAML or run the schema just to
 * start (the type checks it at build time; a test checks it against the schema). `portcullis policy show`
 * prints it as part of the merged policy.
 */
import type { PolicyFile } from './schema.js';

export const BUILTIN_POLICY_FILE = '<built-in>';

export const BUILTIN_POLICY: PolicyFile = {
  version: 1,
  description:
    'Built-in defaults: peer review for catastrophic actions, one approval for high-risk ones, ask when the ' +
    'analyzer cannot tell, allow the rest; agents may never touch their own hook configuration or Portcullis itself.',
  mode: 'enforce',
  defaults: {
    // Peer review: two humans, not the one running the agent.
    catastrophic: { verdict: 'ask', approvals: 2 },
    high: { verdict: 'ask', approvals: 1 },
    unknown: { verdict: 'ask' },
    low: 'allow',
    none: 'allow',
  },
  approvals: { required: 1, ttl: 900 },
  protect: [
    {
      id: 'agent-hooks',
      match: [
        'path:.claude',
        'path:.codex',
        'path:.gemini',
        'path:.cursor',
        'path:.github/hooks',
        'path:.kiro',
        'path:opencode.json',
        'path:.opencode',
      ],
      verdict: 'deny',
      reason: 'agent hook configuration; an agent must not change its own leash',
    },
    {
      id: 'portcullis-self',
      match: [
        'path:~/.config/portcullis',
        'path:~/.local/share/portcullis',
        'path:/etc/portcullis',
        'path:.portcullis.yaml',
        'path:**/node_modules/portcullis',
        'path:**/bin/portcullis',
        'pkg:portcullis{,@*}',
      ],
      verdict: 'deny',
      reason: "Portcullis' own policy, data or program; only a human changes the gate",
    },
  ],
  rules: [
    {
      id: 'self-protection',
      description:
        "the analyzer's self/* rules recognise attempts to disable or reconfigure Portcullis",
      match: { rule: 'self/*' },
      verdict: 'deny',
      reason: 'the action would disable, remove or reconfigure Portcullis',
    },
  ],
  tests: [
    { command: 'git status', expect: 'allow' },
    {
      command: 'terraform destroy -auto-approve',
      cwd: '/home/dev/infra/envs/prod',
      expect: 'ask',
      rule: 'defaults/catastrophic',
    },
    { command: 'helm uninstall shop -n staging', expect: 'ask', rule: 'defaults/high' },
    { command: 'rm -rf .claude', expect: 'deny', rule: 'protect/agent-hooks' },
    {
      command: 'sed -i s/block/allow/ .claude/settings.json',
      expect: 'deny',
      rule: 'protect/agent-hooks',
    },
    { command: 'rm -rf ~/.config/portcullis', expect: 'deny', rule: 'protect/portcullis-self' },
    { command: 'rm -rf ~/.config', expect: 'deny', rule: 'protect/portcullis-self' },
    { command: 'npm uninstall -g portcullis', expect: 'deny' },
  ],
};
