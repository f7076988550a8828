/**
 * The Firebase CLI: `firebase group:verb [args] [--project P]`. Firestore and Realtime Database
 * deletions are judged by how much they reach (every collection, a top-level collection, the
 * database root, one path); `database:set` overwrites; `hosting:disable` takes a site down;
 * `emulators:exec` runs its script locally.
 */
import type { Action } from '../types.js';
import type { Invocation, ToolContext } from '../model.js';
import { has } from '../args.js';
import { parsePath, type PathCall, type PathSpec } from './cloud-other-path.js';
import { judgePath } from './cloud-other-judge.js';

const recursive = (c: PathCall): boolean => has(c.p, '-r', '--recursive');
const topLevel = (c: PathCall): boolean =>
  (c.names[0] ?? '').replace(/^\/+|\/+$/g, '').split('/').length <= 1;
const root = (c: PathCall): boolean => (c.names[0] ?? '/').replace(/\/+/g, '') === '';

export const FIREBASE: PathSpec = {
  tool: 'firebase',
  colon: true,
  // prettier-ignore
  value: [
    '--project', '-P', '--only', '--except', '-m', '--message', '--token', '--instance',
    '--config', '-c', '--site', '--expires', '--channel', '--data', '-d', '--limit', '--order-by',
    '--order-by-child', '--database', '--import', '--export-on-exit', '--account', '--app',
    '--location',
  ],
  scope: ['--project', '-P', '--instance', '--database', '--site'],
  rules: [
    {
      path: 'firestore delete',
      risk: 'catastrophic',
      rule: 'delete-database',
      reason: 'deletes every collection of the Firestore database',
      when: (c) => has(c.p, '--all-collections'),
    },
    {
      path: 'firestore delete',
      risk: 'catastrophic',
      rule: 'delete-collection',
      reason: 'recursively deletes a whole top-level collection',
      when: (c) => recursive(c) && topLevel(c),
    },
    {
      path: 'database remove',
      risk: 'catastrophic',
      rule: 'delete-database',
      reason: 'removes the whole Realtime Database from its root',
      when: root,
    },
    {
      path: 'database remove',
      risk: 'high',
      rule: 'delete',
      reason: 'removes the data at the path',
    },
    {
      path: 'database set',
      risk: 'catastrophic',
      rule: 'overwrite',
      reason: 'replaces the whole Realtime Database',
      when: root,
    },
    {
      path: 'database set',
      risk: 'high',
      rule: 'overwrite',
      reason: 'replaces the data at the path',
    },
    {
      path: 'hosting channel delete',
      risk: 'low',
      rule: 'write',
      reason: 'deletes a preview channel',
    },
    {
      path: 'apps delete|remove',
      risk: 'high',
      rule: 'delete',
      reason: 'removes an app registration',
    },
    {
      path: 'target clear|remove',
      risk: 'low',
      rule: 'write',
      reason: 'edits local deploy targets',
    },
  ],
};

/** Judge a `firebase` invocation. */
export function analyzeFirebase(inv: Invocation, ctx: ToolContext): Action[] {
  const call = parsePath(FIREBASE, inv, ctx);
  if (call.cmd.join(':') === 'emulators:exec' && call.names[0] !== undefined && !call.help) {
    ctx.script(call.names[0], 'firebase emulators:exec');
  }
  return [judgePath(FIREBASE, call, ctx)];
}
