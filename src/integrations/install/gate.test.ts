import { describe, expect, it } from 'vitest';
import { gateOfHookUrl, gateUrl, isHookUrl, isLoopbackHost } from './gate.js';
import { isPortcullisEntry } from './hook-command.js';

// The gate URLs install accepts, and how it recognises its http hooks: literal tables.
describe('gateUrl', () => {
  it.each([
    ['http://127.0.0.1:7421', 'http://127.0.0.1:7421'],
    ['http://127.0.0.1:7421/', 'http://127.0.0.1:7421'],
    ['  http://localhost:7421  ', 'http://localhost:7421'],
    ['http://[::1]:7421', 'http://[::1]:7421'],
    ['http://127.8.9.10', 'http://127.8.9.10'],
    ['https://gate.example.com', 'https://gate.example.com'],
    ['https://gate.example.com/portcullis/', 'https://gate.example.com/portcullis'],
    ['HTTPS://Gate.Example.com:8443', 'https://gate.example.com:8443'],
  ])('accepts %s as %s', (raw, want) => {
    expect(gateUrl(raw)).toBe(want);
  });

  it.each([
    ['http://10.0.0.5:7421', 'plain http is only accepted on loopback'],
    ['http://gate.example.com', 'plain http is only accepted on loopback'],
    ['http://127.0.0.1.example.com', 'plain http is only accepted on loopback'],
    ['http://128.0.0.1', 'plain http is only accepted on loopback'],
    ['ftp://127.0.0.1', 'use http:// or https://'],
    ['https://user:pw@gate.example.com', 'no user or password in the URL'],
    ['https://gate.example.com/?a=1', 'no query or fragment'],
    ['https://gate.example.com/#x', 'no query or fragment'],
    ['127.0.0.1:7421', 'is not a URL'],
    ['localhost:7421', 'use http:// or https://'],
    ['not a url', 'is not a URL'],
  ])('refuses %s', (raw, why) => {
    expect(() => gateUrl(raw)).toThrow(why);
  });
});

describe('isLoopbackHost', () => {
  it.each([
    ['127.0.0.1', true],
    ['127.255.255.255', true],
    ['localhost', true],
    ['[::1]', true],
    ['127.0.0.256', false],
    ['0.0.0.0', false],
    ['10.0.0.1', false],
    ['localhost.example.com', false],
  ])('%s → %s', (host, want) => {
    expect(isLoopbackHost(host)).toBe(want);
  });
});

describe('recognising our http hooks', () => {
  it.each([
    ['http://127.0.0.1:7421/v1/hooks/claude-code', true],
    ['https://gate.example.com/pfx/v1/hooks/claude-code', true],
    ['http://127.0.0.1:7421/v1/hooks/codex', false],
    ['http://127.0.0.1:7421/v1/hooks/claude-code?x=1', false],
    ['https://audit.example.com/hook', false],
    ['curl -d @- http://127.0.0.1:7421/v1/hooks/claude-code', false],
    ['file:///v1/hooks/claude-code', false],
  ])('claude-code: %s → %s', (value, want) => {
    expect(isHookUrl(value, 'claude-code')).toBe(want);
    expect(isPortcullisEntry(value, 'claude-code')).toBe(want);
  });

  it('only Claude Code owns route URLs; commands are recognised as before', () => {
    expect(isPortcullisEntry('http://127.0.0.1:7421/v1/hooks/codex', 'codex')).toBe(false);
    expect(isPortcullisEntry('node /opt/portcullis.mjs hook codex', 'codex')).toBe(true);
    expect(isPortcullisEntry('node /opt/portcullis.mjs hook claude-code', 'claude-code')).toBe(
      true,
    );
  });

  it('gateOfHookUrl inverts hookUrl', () => {
    expect(gateOfHookUrl('https://g.example/pfx/v1/hooks/claude-code', 'claude-code')).toBe(
      'https://g.example/pfx',
    );
    expect(gateOfHookUrl('https://g.example/other', 'claude-code')).toBeUndefined();
  });
});
