import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { HookAdapter } from './adapter.js';
import { AGENT_NAMES, AGENTS, adapterFor, agentInfo, isAgentName } from './index.js';

const dir = new URL('.', import.meta.url).pathname;
const sources = readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));

function isAdapter(value: unknown): value is HookAdapter {
  return (
    typeof value === 'object' &&
    value !== null &&
    'agent' in value &&
    'render' in value &&
    'failClosed' in value &&
    'parse' in value
  );
}

describe('hook adapter registry', () => {
  it('registers every adapter any file in this directory exports (a registry derived, not maintained)', async () => {
    let found = 0;
    for (const file of sources) {
      const mod = (await import(`./${file}`)) as Record<string, unknown>;
      for (const value of Object.values(mod).filter(isAdapter)) {
        found++;
        expect(await adapterFor(value.agent), `${file} exports ${value.agent}`).toBe(value);
      }
    }
    expect(found).toBe(AGENTS.length);
  });

  it('has one file per agent, named after it, and lists every agent', () => {
    expect([...AGENT_NAMES]).toEqual([...AGENTS]);
    for (const name of AGENT_NAMES) {
      expect(sources).toContain(`${name}.ts`);
      expect(agentInfo(name).title).not.toBe('');
    }
  });

  it('knows no other names', async () => {
    expect(isAgentName('claude')).toBe(false);
    expect(isAgentName('__proto__')).toBe(false);
    expect(await adapterFor('toString')).toBeUndefined();
  });
});
