import { describe, expect, it } from 'vitest';
import type { Scope } from '../store/store.js';
import { IdentityError } from './errors.js';
import {
  formatScopeItems,
  isSubScope,
  narrowScope,
  parseScope,
  parseScopeItems,
  scopeExcess,
} from './scope.js';

describe('parseScopeItems', () => {
  const ok: readonly [items: string[], scope: Scope][] = [
    [[], {}],
    [['env:dev'], { envs: ['dev'] }],
    [['env:dev,staging', 'env:dev'], { envs: ['dev', 'staging'] }],
    [['envs=DEV, Unknown'], { envs: ['dev', 'unknown'] }],
    [
      ['tool:kubectl', 'tool:git,mcp:github/get_*'],
      { tools: ['kubectl', 'git', 'mcp:github/get_*'] },
    ],
    [['tool:mcp:*'], { tools: ['mcp:*'] }],
    [['path:/srv/app/'], { paths: ['/srv/app'] }],
    [['path:/srv//app/./x/..'], { paths: ['/srv/app'] }],
    [['path:/srv/a,b'], { paths: ['/srv/a,b'] }],
    [['path:~/work'], { paths: ['~/work'] }],
    [['path:/'], { paths: ['/'] }],
    [
      ['env:dev', 'tool:kubectl', 'path:/srv/app'],
      { envs: ['dev'], tools: ['kubectl'], paths: ['/srv/app'] },
    ],
  ];
  it.each(ok)('%j', (items, scope) => {
    expect(parseScopeItems(items)).toEqual(scope);
    expect(parseScopeItems(formatScopeItems(scope))).toEqual(scope);
  });

  const bad: readonly [items: string[], message: RegExp][] = [
    [['dev'], /scope item "dev": expected env:NAME, tool:PATTERN or path:\/PREFIX/],
    [['region:eu'], /scope item "region:eu": expected/],
    [['constructor:x'], /scope item "constructor:x": expected/],
    [['__proto__:x'], /expected/],
    [['env:production'], /scope item "env:production": unknown environment "production"/],
    [['env:dev,'], /scope item "env:dev,": empty value/],
    [['env:'], /scope item "env:": empty value/],
    [['tool:kube ctl'], /scope item "tool:kube ctl": "kube ctl" is not a tool pattern/],
    [['tool:kube?'], /"kube\?" is not a tool pattern/],
    [['tool:{a,b}'], /is not a tool pattern/],
    [['path:srv/app'], /scope item "path:srv\/app": "srv\/app" is not an absolute path/],
    [['path:./app'], /is not an absolute path/],
    [['path:~/../etc'], /scope item "path:~\/..\/etc": "~\/..\/etc" is not an absolute path/],
  ];
  it.each(bad)('refuses %j', (items, message) => {
    expect(() => parseScopeItems(items)).toThrow(IdentityError);
    expect(() => parseScopeItems(items)).toThrow(message);
  });
});

describe('parseScope (claims and API bodies)', () => {
  const bad: readonly [name: string, value: unknown][] = [
    ['not an object', 'envs=dev'],
    ['an unknown key', { env: ['dev'] }],
    ['an unknown environment', { envs: ['production'] }],
    ['a non-normalised path', { paths: ['/srv/app/'] }],
    ['a path with ..', { paths: ['/srv/app/../etc'] }],
    ['a relative path', { paths: ['app'] }],
    ['a tool with a space', { tools: ['rm -rf'] }],
    ['a list that is a string', { tools: 'kubectl' }],
  ];
  it.each(bad)('refuses %s', (_n, value) => {
    expect(() => parseScope(value)).toThrow(IdentityError);
  });
});

describe('isSubScope', () => {
  const cases: readonly [narrow: Scope, wide: Scope, sub: boolean][] = [
    [{}, {}, true],
    [{ envs: ['dev'] }, {}, true],
    [{}, { envs: ['dev'] }, false],
    [{ envs: ['dev'] }, { envs: ['dev', 'staging'] }, true],
    [{ envs: ['dev', 'prod'] }, { envs: ['dev', 'staging'] }, false],
    [{ envs: [] }, { envs: ['dev'] }, true],
    [{ envs: ['local'] }, { envs: ['dev'] }, true],
    [{ envs: ['unknown'] }, { envs: ['dev'] }, false],
    [{ tools: ['kubectl'] }, { tools: ['kubectl', 'git'] }, true],
    [{ tools: ['KUBECTL'] }, { tools: ['kubectl'] }, true],
    [{ tools: ['helm'] }, { tools: ['kubectl', 'git'] }, false],
    [{ tools: ['mcp:github'] }, { tools: ['mcp:*'] }, true],
    [{ tools: ['mcp:github/get_*'] }, { tools: ['mcp:github'] }, true],
    [{ tools: ['mcp:github/get_*'] }, { tools: ['mcp:github/get_*'] }, true],
    [{ tools: ['mcp:github/get_issue'] }, { tools: ['mcp:github/get_*'] }, true],
    [{ tools: ['mcp:github'] }, { tools: ['mcp:github/get_*'] }, false],
    [{ tools: ['mcp:github/*'] }, { tools: ['mcp:github/get_*'] }, false],
    [{ tools: ['mcp:git*/x'] }, { tools: ['mcp:github'] }, false],
    [{ tools: ['*'] }, { tools: ['kubectl'] }, false],
    [{ tools: ['kube*'] }, { tools: ['kubectl'] }, false],
    [{ tools: ['kubectl*'] }, { tools: ['kube*'] }, true],
    [{ tools: ['a*b'] }, { tools: ['*b'] }, true],
    [{ tools: ['a*'] }, { tools: ['*b'] }, false],
    [{ paths: ['/srv/app'] }, { paths: ['/srv/app'] }, true],
    [{ paths: ['/srv/app/web'] }, { paths: ['/srv/app'] }, true],
    [{ paths: ['/srv/application'] }, { paths: ['/srv/app'] }, false],
    [{ paths: ['/srv'] }, { paths: ['/srv/app'] }, false],
    [{ paths: ['/srv/app'] }, { paths: ['/'] }, true],
    [{ paths: ['~/work/x'] }, { paths: ['~/work'] }, true],
    [{ paths: ['/home/dev/work'] }, { paths: ['~/work'] }, false],
    [{ paths: ['/srv/app'] }, { envs: ['dev'] }, false],
    [
      { envs: ['dev'], tools: ['git'], paths: ['/srv/app/web'] },
      { envs: ['dev', 'staging'], tools: ['git', 'kubectl'], paths: ['/srv/app'] },
      true,
    ],
  ];
  it.each(cases)('%j inside %j: %s', (narrow, wide, sub) => {
    expect(isSubScope(narrow, wide)).toBe(sub);
  });

  it('names what widens', () => {
    expect(
      scopeExcess(
        { envs: ['dev', 'prod'], tools: ['*'] },
        { envs: ['dev'], tools: ['git'], paths: ['/srv'] },
      ),
    ).toEqual(['env:prod', 'tool:*', 'paths: any']);
  });
});

describe('narrowScope', () => {
  const wide: Scope = { envs: ['dev', 'staging'], tools: ['kubectl', 'git'], paths: ['/srv/app'] };

  it('inherits the lists the request leaves out', () => {
    expect(narrowScope(wide, { envs: ['dev'] })).toEqual({
      envs: ['dev'],
      tools: ['kubectl', 'git'],
      paths: ['/srv/app'],
    });
    expect(narrowScope({}, { tools: ['git'] })).toEqual({ tools: ['git'] });
    expect(narrowScope(wide, {})).toEqual(wide);
  });

  it('narrows every list at once', () => {
    expect(narrowScope(wide, { envs: ['dev'], tools: ['git'], paths: ['/srv/app/web'] })).toEqual({
      envs: ['dev'],
      tools: ['git'],
      paths: ['/srv/app/web'],
    });
  });

  const widening: readonly [requested: Scope, message: RegExp][] = [
    [{ envs: ['prod'] }, /widens the token: env:prod$/],
    [{ tools: ['kubectl', 'helm'] }, /widens the token: tool:helm$/],
    [{ tools: ['*'] }, /tool:\*/],
    [{ paths: ['/srv'] }, /path:\/srv$/],
    [{ paths: ['/srv/application'] }, /path:\/srv\/application$/],
  ];
  it.each(widening)('refuses %j', (requested, message) => {
    expect(() => narrowScope(wide, requested)).toThrow(IdentityError);
    expect(() => narrowScope(wide, requested)).toThrow(message);
  });

  it('validates the request', () => {
    expect(() => narrowScope(wide, { paths: ['/srv/app/../../etc'] })).toThrow(IdentityError);
  });
});
