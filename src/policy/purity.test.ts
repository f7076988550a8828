import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

// evaluate() is pure (DESIGN.md §1) and the policy layer reads files in one place only: load.ts. Nothing here
// imports the CLI, the gate or any outer layer (CONVENTIONS.md 5).
const root = new URL('.', import.meta.url).pathname;
const IO =
  /from\s+['"](node:)?(fs|fs\/promises|child_process|net|http|https|dgram|worker_threads)['"]/;
const OUTER = /from\s+['"](\.\.\/)+(cli|gate|store|server|integrations|broker|notify)\//;

describe('policy purity', () => {
  const sources = readdirSync(root).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));
  it('only load.ts touches the file system', () => {
    expect(sources.filter((f) => IO.test(readFileSync(root + f, 'utf8')))).toEqual(['load.ts']);
  });
  it('imports nothing from outer layers', () => {
    expect(sources.filter((f) => OUTER.test(readFileSync(root + f, 'utf8')))).toEqual([]);
  });
  it('reads no clock inside evaluation (the instant is passed in)', () => {
    const clock = /Date\.now\(|new Date\(\)|performance\.now\(/;
    expect(sources.filter((f) => clock.test(readFileSync(root + f, 'utf8')))).toEqual(['index.ts']);
  });
});
