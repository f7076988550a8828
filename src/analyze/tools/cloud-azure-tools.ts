/**
 * Azure's other CLIs: `azcopy` (copy, sync, remove of blobs and files) and `func` (Azure Functions
 * Core Tools). `azcopy sync --delete-destination=true` deletes at the destination, `azcopy remove`
 * deletes (a whole production or backup container is catastrophic); `--dry-run` previews.
 */
import type { Action, Risk } from '../types.js';
import type { Invocation, ToolContext } from '../model.js';
import { has, parseArgs, value } from '../args.js';
import { bucketScope, isBackupName } from './cloud-common.js';
import { type PathSpec } from './cloud-other-path.js';
import { analyzePath } from './cloud-other-judge.js';

// prettier-ignore
const AZCOPY_VALUES = [
  '--include-pattern', '--exclude-pattern', '--include-path', '--exclude-path', '--log-level',
  '--from-to', '--blob-type', '--block-blob-tier', '--cap-mbps', '--overwrite', '--list-of-files',
  '--include-after', '--include-before', '--output-type', '--trusted-microsoft-suffixes',
  '--delete-destination', '--tenant-id',
];

/** A blob URL's container: `https://acct.blob.core.windows.net/container/path?sas`. */
function container(url: string): { name: string; whole: boolean; host: string } {
  const noQuery = url.split('?')[0] ?? '';
  const { bucket: host, prefix } = bucketScope(noQuery);
  const scope = bucketScope(prefix);
  return { name: scope.bucket, whole: scope.whole, host };
}

/** Judge an `azcopy` invocation. */
export function analyzeAzcopy(inv: Invocation, ctx: ToolContext): Action[] {
  const p = parseArgs(inv.args, { value: AZCOPY_VALUES });
  const [cmd = '', first = '', second = ''] = p.positionals;
  const env = ctx.envOf(first.split('?')[0], second.split('?')[0]);
  let risk: Risk = 'low';
  let rule = 'write';
  let reason = `azcopy ${cmd}: copies data`;
  const del = (value(p, '--delete-destination') ?? '').toLowerCase();
  if (cmd === '' || has(p, '--help', '-h') || cmd === 'help')
    [risk, rule, reason] = ['none', 'help', 'only shows help'];
  else if (has(p, '--dry-run'))
    [risk, rule, reason] = ['none', 'dry-run', 'dry run: nothing is changed'];
  else if (
    ['list', 'ls', 'jobs', 'env', 'login', 'logout', 'doc', 'benchmark', 'bench'].includes(cmd)
  ) {
    [risk, rule, reason] = ['none', 'read', 'read-only or local'];
  } else if (cmd === 'remove' || cmd === 'rm') {
    const c = container(first);
    const everything = c.whole && has(p, '--recursive');
    const precious = env === 'prod' || isBackupName(c.name) || isBackupName(c.host);
    [risk, rule, reason] =
      everything && precious
        ? [
            'catastrophic',
            'remove',
            `deletes every blob of ${c.name}, a production or backup container`,
          ]
        : ['high', 'remove', `deletes ${first.split('?')[0] ?? first}`];
  } else if (cmd === 'sync' && (del === 'true' || del === 'prompt')) {
    [risk, rule, reason] = [
      'high',
      'sync-delete',
      `deletes files in ${second.split('?')[0] ?? ''} missing from the source`,
    ];
  }
  return [
    ctx.action({
      tool: 'azcopy',
      verb: cmd || 'azcopy',
      effect:
        risk === 'none' ? 'read' : rule === 'remove' || rule === 'sync-delete' ? 'delete' : 'write',
      risk,
      rule: `azcopy/${rule}`,
      targets: [first, second].filter((t) => t).map((t) => t.split('?')[0] ?? t),
      reasons: [reason],
      env,
    }),
  ];
}

const FUNC: PathSpec = {
  tool: 'func',
  // prettier-ignore
  value: [
    '--name', '-n', '--namespace', '--registry', '--image-name', '--slot', '--language', '-l',
    '--worker-runtime', '--template', '-t', '--port', '-p', '--cors', '--functions', '--config',
  ],
  scope: ['--name', '-n', '--namespace', '--slot'],
  rules: [
    {
      path: 'settings delete|remove',
      risk: 'low',
      rule: 'write',
      reason: 'edits local.settings.json',
    },
    {
      path: 'kubernetes delete',
      risk: 'high',
      rule: 'delete',
      reason: 'removes the function deployment from the cluster',
    },
  ],
};

/** Judge a `func` (Azure Functions Core Tools) invocation. */
export function analyzeFunc(inv: Invocation, ctx: ToolContext): Action[] {
  return analyzePath(FUNC, inv, ctx);
}
