import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MODELS } from './index.js';

const here = new URL('.', import.meta.url);

describe('tool registry', () => {
  it('registers every model file in this folder', () => {
    const files = readdirSync(here).filter(
      (f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && f !== 'index.ts',
    );
    const modelFiles = files.filter((f) => readFileSync(new URL(f, here), 'utf8').includes('defineTool('));
    const families = new Set(MODELS.map((m) => m.family));
    for (const f of modelFiles) expect(families, `${f} defines a model but is not registered`).toContain(f.replace(/\.ts$/, ''));
  });

  it('gives every program name to exactly one model', () => {
    const seen = new Map<string, string>();
    for (const m of MODELS) {
      for (const c of m.commands) {
        expect(seen.get(c), `${c} claimed twice`).toBeUndefined();
        seen.set(c, m.family);
      }
    }
  });
});
