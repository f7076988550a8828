/**
 * git configuration: `git config` settings that weaken security (TLS verification off, SSH host keys ignored,
 * https rewritten to http), and `-c key=value` settings given for one command, some of which name programs git
 * will run (pager, editor, ssh command, `!` aliases).
 */
import { has, value } from '../args.js';
import type { Action } from '../types.js';
import {
  gitAction,
  gitPreview,
  gitRead,
  gitWrite,
  parseSub,
  wantsHelp,
  type GitRun,
} from './git-util.js';

const FALSY = /^(false|no|off|0|)$/i;

/** Why setting `key` to `val` weakens security, if it does. Keys are compared lower-cased. */
export function weakeningOf(
  key: string,
  val: string,
): { rule: string; reason: string } | undefined {
  const k = key.toLowerCase();
  if (/^http(\..+)?\.sslverify$/.test(k) && FALSY.test(val.trim())) {
    return {
      rule: 'git/config-tls-off',
      reason: 'turns off TLS certificate verification for git over https',
    };
  }
  if (
    k === 'core.sshcommand' &&
    /stricthostkeychecking[= ]+(no|off|accept-new)|userknownhostsfile[= ]+\/dev\/null/i.test(val)
  ) {
    return {
      rule: 'git/config-ssh-hostkey-off',
      reason: 'turns off SSH host key verification for git',
    };
  }
  if (/^url\.http:\/\/.*\.insteadof$/.test(k) && /^https:\/\//i.test(val)) {
    return { rule: 'git/config-tls-downgrade', reason: 'rewrites https remotes to plain http' };
  }
  if (/^http(\..+)?\.sslcainfo$/.test(k) && val.trim() === '/dev/null') {
    return { rule: 'git/config-tls-off', reason: 'points TLS verification at an empty CA list' };
  }
  return undefined;
}

// prettier-ignore
const MODES_READ = [
  '--get', '--get-all', '--get-regexp', '--get-urlmatch', '--get-color', '--get-colorbool', '-l',
  '--list',
];
const MODES_REMOVE = ['--unset', '--unset-all', '--remove-section', '--rename-section'];
// prettier-ignore
const SUBS = new Set([
  'get', 'set', 'unset', 'list', 'edit', 'rename-section', 'remove-section', 'get-color',
  'get-colorbool',
]);

/** `git config ...` in both the classic (`git config k v`) and the sub-command (`git config set k v`) syntax. */
export function gitConfig(g: GitRun, args: readonly string[]): Action[] {
  const p = parseSub(args, {
    value: ['-f', '--file', '--blob', '--type', '--default', '--comment', '--value', '--url'],
  });
  if (wantsHelp(p)) return [gitPreview(g, 'config', 'help')];
  const first = p.positionals[0] ?? '';
  const sub = SUBS.has(first) ? first : undefined;
  const pos = sub ? p.positionals.slice(1) : p.positionals;
  const scope = has(p, '--system')
    ? 'system'
    : has(p, '--global')
      ? 'global'
      : value(p, '-f', '--file')
        ? 'file'
        : 'repository';
  if (
    sub === 'get' ||
    sub === 'list' ||
    sub === 'get-color' ||
    sub === 'get-colorbool' ||
    has(p, ...MODES_READ)
  ) {
    return [gitRead(g, 'config --get')];
  }
  if (sub === 'edit' || has(p, '-e', '--edit'))
    return [gitWrite(g, 'config --edit', 'opens the configuration in an editor')];
  if (
    sub === 'unset' ||
    sub === 'remove-section' ||
    sub === 'rename-section' ||
    has(p, ...MODES_REMOVE)
  ) {
    return [gitWrite(g, 'config --unset', `removes ${scope} settings`, pos.slice(0, 1))];
  }
  if (pos.length < 2) return [gitRead(g, 'config --get')];
  const [key = '', val = ''] = pos;
  const weak = weakeningOf(key, val);
  if (weak) {
    return [
      gitAction(g, {
        verb: 'config',
        effect: 'write',
        risk: 'high',
        rule: weak.rule,
        targets: [`${scope} ${key}`],
        reasons: [`${weak.reason} (${scope} setting: every later command is affected)`],
      }),
    ];
  }
  return [gitWrite(g, 'config', `sets ${key} in the ${scope} configuration`, [key])];
}

// `-c` keys whose value is a program git may run for this command.
const PROGRAM_KEYS =
  /^(core\.(pager|editor|sshcommand|fsmonitor|askpass)|sequence\.editor|diff\.external|pager\..+|credential\.helper|gpg\.program|gpg\..+\.program|difftool\..+\.cmd|mergetool\..+\.cmd)$/;

/**
 * Judge `-c key=value` settings: a one-off TLS weakening is recorded as low (it affects only this command), and
 * values that git runs as programs are analysed as shell code. Returns the alias expansion for the sub-command
 * when `-c alias.<sub>=...` defines it as a git command.
 */
export function oneOffConfig(g: GitRun): { actions: Action[]; aliasArgs: string[] | undefined } {
  const actions: Action[] = [];
  let aliasArgs: string[] | undefined;
  for (const [key, val] of g.config) {
    const weak = weakeningOf(key, val);
    if (weak) {
      actions.push(
        gitAction(g, {
          verb: `-c ${key}`,
          effect: 'write',
          risk: 'low',
          rule: 'git/one-off-weakening',
          targets: [key],
          reasons: [`${weak.reason} for this one command only`],
        }),
      );
    }
    if (key === `alias.${g.sub}`) {
      if (val.startsWith('!')) g.ctx.script(val.slice(1), `git alias ${g.sub}`);
      else aliasArgs = val.split(/\s+/).filter((s) => s.length > 0);
    } else if (PROGRAM_KEYS.test(key)) {
      const program = val.startsWith('!') ? val.slice(1) : val;
      if (program.trim().length > 0) g.ctx.script(program, `git -c ${key}`);
    }
  }
  return { actions, aliasArgs };
}
