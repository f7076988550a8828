import { describe, expect, it, beforeAll } from 'vitest';
import { analyze, initAnalyzer } from '../index.js';

beforeAll(async () => {
  await initAnalyzer();
});

describe('shell engine reaches the payload', () => {
  it.each([
    ['X=rm; $X -rf /tmp/x', ['rm']],
    ["echo 'rm -rf ~' | sh", ['rm']],
    ['echo cm0gLXJmIH4= | base64 -d | sh', ['rm']],
    ["alias ll='rm -rf'; ll ~", ['rm']],
    ['f() { rm x; }; f', ['rm']],
    ["sh < <(echo 'rm -rf ~')", ['rm']],
  ] as const)('%s', (command, tools) => {
    const found = analyze({ command }).map((a) => a.tool);
    for (const t of tools) expect(found).toContain(t);
  });
});
