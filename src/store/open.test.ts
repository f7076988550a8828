import { describe, expect, it } from 'vitest';
import { openStore } from './open.js';

describe('openStore', () => {
  const cases: [spec: string, dialect: 'sqlite' | 'postgres'][] = [
    [':memory:', 'sqlite'],
    ['postgres://u@127.0.0.1:5432/db', 'postgres'],
    ['postgresql://u@127.0.0.1/db', 'postgres'],
    ['POSTGRES://u@127.0.0.1/db', 'postgres'],
  ];
  it.each(cases)('%s → %s (nothing connects until first use)', async (spec, dialect) => {
    const s = openStore(spec);
    expect(s.dialect).toBe(dialect);
    await s.close();
  });
});
