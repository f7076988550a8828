/**
 * Self-protection: the files that decide whether an agent is gated at all. An agent that edits its own hook
 * configuration, its permission settings or Portcullis' configuration, database or binary is approving itself
 * (DESIGN.md §8, "agent configuration is itself protected"), whatever door it uses: a file tool, an MCP server,
 * `sed -i`, `tee`, `rm`, `npm uninstall`. This module is the one list of those paths and the helpers that the
 * file-request analyzer, the MCP analyzer, the shell engine and the package model share. Pure string work.
 */
import { posix } from 'node:path';
import type { Action, Effect } from './types.js';
import type { ToolContext } from './model.js';
import { homeOf, resolvePath } from './paths.js';

/** Which gate the protected file belongs to; each has its own rule id so a policy can name it. */
export type SelfKind = 'agent-config' | 'portcullis';

export interface ProtectedPath {
  /** What the file is, for the reason shown to the agent and the approver. */
  what: string;
  kind: SelfKind;
  /** `self/agent-config` or `self/portcullis`. */
  rule: string;
}

/** A segment pattern: a literal name, or a pattern with an example name (used to test a glob against it). */
type Seg = string | { re: RegExp; example: string };

interface Entry {
  /** Consecutive path segments, matched anywhere in the path (case-insensitively: macOS is). */
  segs: readonly Seg[];
  /** Only at the root of the file system (`/etc/portcullis`), not anywhere. */
  anchored?: boolean;
  what: string;
  kind: SelfKind;
}

const agent = (path: string, what: string): Entry => entry(path, what, 'agent-config');
const gate = (path: string, what: string): Entry => entry(path, what, 'portcullis');

function entry(path: string, what: string, kind: SelfKind): Entry {
  const anchored = path.startsWith('/');
  const segs = path.split('/').filter((s) => s !== '');
  return { segs, what, kind, ...(anchored ? { anchored } : {}) };
}

/**
 * Every location an agent's hooks, permissions or MCP servers are configured in (project, user and
 * managed/system), and Portcullis' own configuration, data and installed program. Directory entries cover
 * everything below them: `.claude/agents/*.md` and skills can carry hooks too.
 */
const ENTRIES: readonly Entry[] = [
  agent('.claude', 'Claude Code settings, hooks and permissions'),
  agent('.claude.json', 'Claude Code user configuration (MCP servers, trusted folders)'),
  agent('.mcp.json', "the project's MCP server list"),
  agent('/etc/claude-code', 'Claude Code managed settings'),
  agent('/Library/Application Support/ClaudeCode', 'Claude Code managed settings'),
  agent('.codex', 'Codex configuration, hooks and rules'),
  agent('/etc/codex', 'Codex managed requirements'),
  agent('.gemini', 'Gemini CLI settings, hooks and policies'),
  agent('/etc/gemini-cli', 'Gemini CLI system settings'),
  agent('/Library/Application Support/GeminiCli', 'Gemini CLI system settings'),
  agent('.cursor', 'Cursor hooks and settings'),
  agent('/etc/cursor', 'Cursor enterprise hooks'),
  agent('.github/hooks', 'Copilot hooks'),
  agent('.github/copilot', 'Copilot settings and hooks'),
  agent('.copilot', 'Copilot CLI settings and hooks'),
  agent('/etc/github-copilot', 'Copilot policy hooks'),
  agent('.kiro', 'Kiro agents, hooks and settings'),
  agent('.aws/amazonq', 'Amazon Q / Kiro CLI agents and hooks'),
  agent('.amazonq', 'Amazon Q / Kiro CLI project agents'),
  agent('opencode.json', 'OpenCode configuration and permissions'),
  agent('opencode.jsonc', 'OpenCode configuration and permissions'),
  agent('.opencode', 'OpenCode plugins and configuration'),
  agent('.config/opencode', 'OpenCode user configuration and plugins'),
  gate('.portcullis.yaml', 'the Portcullis project policy'),
  gate('.portcullis.yml', 'the Portcullis project policy'),
  gate('.config/portcullis', 'the Portcullis user configuration and policy'),
  gate('.local/share/portcullis', 'the Portcullis database, audit log and keys'),
  gate('/etc/portcullis', 'the Portcullis system policy'),
  gate('/var/lib/portcullis', 'the Portcullis database, audit log and keys'),
  gate('node_modules/portcullis', 'the installed Portcullis program'),
  gate('portcullis/dist/portcullis.mjs', 'the installed Portcullis program'),
  gate('bin/portcullis', 'the installed Portcullis program'),
  gate('.bin/portcullis', 'the installed Portcullis program'),
  {
    segs: [{ re: /^portcullis[\w@.-]*\.(service|socket|timer)$/i, example: 'portcullis.service' }],
    what: 'the Portcullis service unit',
    kind: 'portcullis',
  },
];

const RULE: Readonly<Record<SelfKind, string>> = {
  'agent-config': 'self/agent-config',
  portcullis: 'self/portcullis',
};

const WILD = /[*?[]/;

/**
 * Every literal segment a protected location starts with, lower-cased. Almost no path an agent touches
 * contains one, so `protectedPath` answers those from a set look-up instead of matching every entry.
 */
const FIRST_SEGMENTS: ReadonlySet<string> = new Set(
  ENTRIES.flatMap((e) => {
    const first = e.segs[0];
    return typeof first === 'string' ? [first.toLowerCase()] : [];
  }),
);
const HAS_PATTERN_ENTRY = ENTRIES.some((e) => e.segs.some((sg) => typeof sg !== 'string'));

/**
 * A glob segment as written (`.c*`) as a regex; undefined for globs too broad to name a protected file
 * (`*`, `.*`, `*.json`: those are judged by what they delete as a whole, in the fs model).
 */
const GLOB_CACHE = new Map<string, RegExp | undefined>();

function globRegex(seg: string): RegExp | undefined {
  // A compile cache, like any regex engine's: the same glob text always yields the same pattern.
  if (GLOB_CACHE.has(seg)) return GLOB_CACHE.get(seg);
  if (GLOB_CACHE.size > 512) GLOB_CACHE.clear();
  const re = compileGlobRegex(seg);
  GLOB_CACHE.set(seg, re);
  return re;
}

function compileGlobRegex(seg: string): RegExp | undefined {
  const prefix = seg.slice(0, seg.search(WILD));
  if (prefix.length < 2) return undefined;
  let re = '';
  for (const ch of seg) {
    if (ch === '*') re += '[^/]*';
    else if (ch === '?') re += '[^/]';
    else if (ch === '[') re += '[';
    else if (ch === ']') re += ']';
    else if (ch === '!' && re.endsWith('[')) re += '^';
    else re += ch.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  try {
    return new RegExp(`^${re}$`, 'i');
  } catch {
    return undefined;
  }
}

function segMatches(written: string, pat: Seg): boolean {
  const name = typeof pat === 'string' ? pat : pat.example;
  if (WILD.test(written)) return globRegex(written)?.test(name) ?? false;
  if (typeof pat === 'string') return written.toLowerCase() === pat.toLowerCase();
  return pat.re.test(written);
}

function entryMatches(segs: readonly string[], e: Entry): boolean {
  const last = e.anchored ? 0 : segs.length - e.segs.length;
  for (let i = 0; i <= last; i++) {
    if (e.segs.every((p, j) => segMatches(segs[i + j] ?? '', p))) return true;
  }
  return false;
}

/**
 * Whether `path` (absolute, `~/...`, or relative to `cwd`, possibly with `..` or a glob in its last segments)
 * is, or is inside, a protected agent or Portcullis location. URLs are never paths here.
 */
export function protectedPath(path: string, cwd: string): ProtectedPath | undefined {
  if (path === '' || path.includes('://') || path.includes('\0')) return undefined;
  const home = homeOf(cwd);
  const t = home && (path === '~' || path.startsWith('~/')) ? home + path.slice(1) : path;
  const resolved = posix.normalize(resolvePath(t, cwd || '/'));
  const segs = resolved.split('/').filter((s) => s !== '' && s !== '.');
  const candidate =
    WILD.test(resolved) ||
    segs.some((sg) => FIRST_SEGMENTS.has(sg.toLowerCase())) ||
    (HAS_PATTERN_ENTRY && /portcullis/i.test(resolved));
  if (!candidate) return undefined;
  for (const e of ENTRIES) {
    if (entryMatches(segs, e)) return { what: e.what, kind: e.kind, rule: RULE[e.kind] };
  }
  return undefined;
}

const CHANGES: ReadonlySet<Effect> = new Set(['write', 'delete', 'destroy']);

/** The self-protection action for changing a protected path (shared by every door). */
export function selfAction(
  p: ProtectedPath,
  target: string,
  base: Pick<Action, 'tool' | 'verb' | 'env' | 'via'> & { effect?: Effect },
): Action {
  const effect = base.effect && CHANGES.has(base.effect) ? base.effect : 'write';
  const does = effect === 'write' ? 'changes' : 'deletes';
  return {
    tool: base.tool,
    verb: base.verb,
    effect,
    risk: 'high',
    targets: [target],
    env: base.env,
    reversible: false,
    reasons: [`${does} ${target}, ${p.what}: an agent changing what gates it is approving itself`],
    rule: p.rule,
    via: [...base.via],
  };
}

/**
 * The extra `self/*` action for an action that writes, deletes or destroys a protected path, or undefined.
 * Called on every action the shell engine records, so `sed -i`, `tee`, `cp`, `mv`, `rm`, `chmod -x`, `ln -sf`,
 * redirections and `git checkout -- .claude/` are all covered by one seam, whatever model judged them.
 * `cwd` resolves relative targets (models usually resolve them already).
 */
export function guardTargets(action: Action, cwd = ''): Action | undefined {
  if (!CHANGES.has(action.effect) || action.rule.startsWith('self/')) return undefined;
  for (const target of action.targets) {
    const p = protectedPath(target, cwd);
    if (p) return selfAction(p, target, action);
  }
  return undefined;
}

/** The npm names Portcullis is published or installed under (`portcullis`, `portcullis@1.2.0`, `@acme/portcullis`). */
export function isPortcullisPackage(name: string): boolean {
  const bare = name.replace(/^npm:/, '').replace(/(.)@[^/@]*$/, '$1');
  return /^(@[\w.-]+\/)?portcullis$/i.test(bare) || /^@portcullis\/[\w.-]+$/i.test(bare);
}

/** Package managers Portcullis can be installed with (others' `portcullis` would be another package). */
const INSTALLERS = new Set([
  'npm',
  'pnpm',
  'yarn',
  'bun',
  'brew',
  'apt',
  'apt-get',
  'dnf',
  'yum',
  'pacman',
]);

const REMOVE_VERBS = new Set(['uninstall', 'un', 'remove', 'rm', 'r', 'unlink', 'erase', 'purge']);

/**
 * The Portcullis package a package-manager command removes (`npm uninstall -g portcullis`, `pnpm rm
 * portcullis`, `yarn global remove portcullis`, `bun remove portcullis`, `brew uninstall portcullis`), or
 * undefined. Looks only at positionals: a removal verb followed, later, by a Portcullis package name.
 */
export function portcullisRemoval(args: readonly string[]): string | undefined {
  const pos = args.filter((a) => !a.startsWith('-'));
  const verb = pos.findIndex((a) => REMOVE_VERBS.has(a));
  if (verb < 0) return undefined;
  return pos.slice(verb + 1).find(isPortcullisPackage);
}

/**
 * The extra `self/portcullis` action when a package manager removes Portcullis itself; empty otherwise.
 * Called by the pkg model after its own verdict (removing an ordinary package stays low there).
 */
export function packageGuard(tool: string, args: readonly string[], ctx: ToolContext): Action[] {
  const pkg = INSTALLERS.has(tool) ? portcullisRemoval(args) : undefined;
  if (!pkg) return [];
  return [
    ctx.action({
      tool,
      verb: 'uninstall',
      effect: 'delete',
      risk: 'high',
      rule: 'self/portcullis',
      targets: [pkg],
      reversible: false,
      reasons: [`uninstalls ${pkg}, the gate itself: the agent's hooks would fail or stop gating`],
    }),
  ];
}
