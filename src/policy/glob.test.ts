import { describe, expect, it } from 'vitest';
import { GlobError, compileGlob, compilePathGlob } from './glob.js';

describe('text globs', () => {
  it.each([
    ['tank/photos*', 'tank/photos', true],
    ['tank/photos*', 'tank/photos/2019', true],
    ['tank/photos*', 'tank/photos@daily', true],
    ['tank/photos*', 'tank/photo', false],
    ['tank/photos*', 'xtank/photos', false],
    ['*prod*', 'cost-explorer-prod', true],
    ['*prod*', 'arn:aws:cloudformation:eu-west-1:1:stack/prod-api/x', true],
    ['*prod*', 'staging', false],
    ['VM 1[0-9][0-9]', 'VM 150', true],
    ['VM 1[0-9][0-9]', 'VM 1500', false],
    ['VM 1[0-9][0-9]', 'VM 950', false],
    ['[!a]*', 'b', true],
    ['[!a]*', 'abc', false],
    ['{kubectl,helm}', 'helm', true],
    ['{kubectl,helm}', 'kubectl-x', false],
    ['db?', 'db1', true],
    ['db?', 'db12', false],
    ['KUBECTL', 'kubectl', true],
    ['a.b', 'axb', false],
    ['a\\*', 'a*', true],
    ['a\\*', 'ab', false],
  ] as const)('%s ~ %s → %s', (pattern, value, expected) => {
    expect(compileGlob(pattern).test(value)).toBe(expected);
  });

  it.each([
    ['tank/photos*', 'tank', true],
    ['tank/photos*', 'tank/media', false],
    ['tank/photos*', 'tank/photos', false],
    ['*prod*', 'anything', false],
  ] as const)('%s: %s is an ancestor → %s', (pattern, value, expected) => {
    expect(compileGlob(pattern).ancestorOf(value)).toBe(expected);
  });

  it('refuses unbalanced brackets and braces', () => {
    expect(() => compileGlob('a[b')).toThrow(GlobError);
    expect(() => compileGlob('{a,b')).toThrow('unclosed "{" in "{a,b"');
  });
});

describe('path globs', () => {
  it.each([
    ['.claude', '/home/dev/project/.claude', true],
    ['.claude', '/home/dev/project/.claude/settings.json', true],
    ['.claude', '/home/dev/project/x.claude', false],
    ['.claude', '/home/dev/project/.claude-backup', false],
    ['.github/hooks', '/srv/repo/.github/hooks/pre.json', true],
    ['.github/hooks', '/srv/repo/.github/workflows/ci.yml', false],
    ['~/.config/portcullis', '~/.config/portcullis/policy.yaml', true],
    ['~/.config/portcullis', '/home/dev/.config/portcullis', true],
    ['~/.config/portcullis', '/Users/dev/.config/portcullis/policy.yaml', true],
    ['~/.config/portcullis', '/root/.config/portcullis', true],
    ['~/.config/portcullis', '/home/dev/src/.config/portcullis', false],
    ['/etc/portcullis/', '/etc/portcullis', true],
    ['/etc/portcullis/**', '/etc//portcullis/policy.yaml', true],
    ['/etc/portcullis', '/etc/portcullis-old', false],
    ['/srv/*/data', '/srv/app/data/x', true],
    ['/srv/*/data', '/srv/a/b/data', false],
    ['/srv/**/data', '/srv/a/b/data', true],
    ['**/bin/portcullis', '/usr/local/bin/portcullis', true],
    ['/', '/anything', true],
  ] as const)('%s ~ %s → %s', (pattern, value, expected) => {
    expect(compilePathGlob(pattern).test(value)).toBe(expected);
  });

  it.each([
    ['~/.config/portcullis', '/home/dev/.config', true],
    ['~/.config/portcullis', '/home/dev', true],
    ['~/.config/portcullis', '/home', true],
    ['~/.config/portcullis', '/', true],
    ['~/.config/portcullis', '~/.config/', true],
    ['~/.config/portcullis', '/home/dev/project', false],
    ['~/.config/portcullis', '/home/dev/.config/portcullis', false],
    ['/etc/portcullis', '/etc', true],
    ['/etc/portcullis', '/var', false],
    ['.claude', '/home/dev/project', false],
  ] as const)('%s: %s is an ancestor → %s', (pattern, value, expected) => {
    expect(compilePathGlob(pattern).ancestorOf(value)).toBe(expected);
  });
});
