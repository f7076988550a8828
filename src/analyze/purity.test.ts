import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// analyze() is pure (DESIGN.md §1): no file system, process or network access, and layers point one way.
// Only the grammar loader reads a file, once, before any request.
const root = new URL('.', import.meta.url).pathname;
const ALLOWED_IO = new Set(['shell/grammar.ts', 'test-kit.ts']);
const FORBIDDEN = /from\s+['"](node:)?(fs|fs\/promises|child_process|net|http|https|dgram|worker_threads)['"]|from\s+['"](\.\.\/)+(cli|policy\/(?!types)|gate|store|server|integrations)\//;

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

describe('analyzer purity', () => {
  it('imports no I/O module and nothing from outer layers', () => {
    const offenders = walk(root)
      .filter((p) => p.endsWith('.ts') && !p.endsWith('.test.ts'))
      .filter((p) => !ALLOWED_IO.has(p.slice(root.length)))
      .filter((p) => FORBIDDEN.test(readFileSync(p, 'utf8')));
    expect(offenders).toEqual([]);
  });
});
