import { readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { initAnalyzer } from '../analyze/index.js';
import { loadPolicy } from './load.js';
import { runPolicyTests } from './run-tests.js';

// Every shipped example policy loads and passes its own inline tests (what `portcullis policy test FILE` runs).
const dir = new URL('../../examples/policies/', import.meta.url).pathname;
const examples = readdirSync(dir).filter((f) => f.endsWith('.yaml'));

beforeAll(async () => {
  await initAnalyzer();
});

describe('example policies', () => {
  it('ships the homelab and ops-team examples', () => {
    expect(examples).toEqual(expect.arrayContaining(['homelab.yaml', 'ops-team.yaml']));
  });

  it.each(examples)('%s loads and passes its inline tests', async (name) => {
    const policy = loadPolicy({ cwd: dir, home: homedir(), explicitFile: join(dir, name) });
    const results = await runPolicyTests(policy);
    expect(results.length).toBeGreaterThanOrEqual(10);
    expect(
      results.filter((r) => !r.ok).map((r) => `${r.test.command}: ${r.failure ?? ''}`),
    ).toEqual([]);
  });
});
