import { describe, expect, it } from 'vitest';
import { ancestors, permits, reachable, type StatFn, type StatLike, type Who } from './reach.js';

const file = (uid: number, gid: number, mode: number): StatLike => ({
  uid,
  gid,
  mode,
  isDirectory: () => false,
});
const dir = (uid: number, gid: number, mode: number): StatLike => ({
  uid,
  gid,
  mode,
  isDirectory: () => true,
});

const agent: Who = { uid: 1000, gids: [1000, 27] };
const root: Who = { uid: 0, gids: [0] };

describe('permits: one class decides, as the kernel does', () => {
  const cases: [string, StatLike, Who, 4 | 2 | 1, boolean][] = [
    ['owner reads 0600', file(1000, 1000, 0o600), agent, 4, true],
    ['owner of 0060 cannot read, even in the group', file(1000, 1000, 0o060), agent, 4, false],
    ['group member reads 0640', file(999, 27, 0o640), agent, 4, true],
    ['not in the group: 0640 is closed', file(999, 999, 0o640), agent, 4, false],
    ['other reads 0644', file(999, 999, 0o644), agent, 4, true],
    ['group member of 0604 falls in the group class: no', file(999, 27, 0o604), agent, 4, false],
    ['root reads 0000', file(999, 999, 0o000), root, 4, true],
    ['root cannot execute a file with no x bit', file(999, 999, 0o644), root, 1, false],
    ['root searches a 0700 directory', dir(999, 999, 0o700), root, 1, true],
    ['other cannot search 0700', dir(999, 999, 0o700), agent, 1, false],
  ];
  it.each(cases)('%s', (_name, st, who, bit, expected) => {
    expect(permits(st, who, bit)).toBe(expected);
  });
});

describe('reachable', () => {
  const tree: Record<string, StatLike> = {
    '/': dir(0, 0, 0o755),
    '/var': dir(0, 0, 0o755),
    '/var/lib': dir(0, 0, 0o755),
    '/var/lib/portcullis': dir(999, 999, 0o700),
    '/var/lib/portcullis/portcullis.db': file(999, 999, 0o644),
  };
  const stat: StatFn = (p) => tree[p] ?? 'missing';

  it('lists the directories above a path', () => {
    expect(ancestors('/var/lib/portcullis/vault.key')).toEqual([
      '/',
      '/var',
      '/var/lib',
      '/var/lib/portcullis',
    ]);
  });

  it('a 0644 file inside a 0700 directory is out of reach, and the directory is the blocker', () => {
    expect(reachable('/var/lib/portcullis/portcullis.db', agent, 4, stat)).toEqual({
      ok: false,
      blocker: '/var/lib/portcullis',
    });
  });

  it('the owner reaches it', () => {
    expect(reachable('/var/lib/portcullis/portcullis.db', { uid: 999, gids: [] }, 4, stat)).toEqual(
      { ok: true },
    );
  });
});
