import { describe, expect, it } from 'vitest';
import { MIGRATIONS, pendingMigrations, type Migration } from './migrations.js';

const m = (version: number): Migration => ({
  version,
  name: `v${String(version)}`,
  sqlite: '',
  postgres: '',
});

describe('migrations', () => {
  it('versions run 1, 2, 3… with no gap or repeat', () => {
    expect(MIGRATIONS.map((x) => x.version)).toEqual(MIGRATIONS.map((_, i) => i + 1));
  });

  const cases: [applied: number[], pending: number[]][] = [
    [[], [1, 2, 3]],
    [[1], [2, 3]],
    [[1, 3], [2]],
    [[1, 2, 3], []],
  ];
  it.each(cases)('applied %j leaves %j to apply, in order', (applied, pending) => {
    expect(pendingMigrations(applied, [m(3), m(1), m(2)]).map((x) => x.version)).toEqual(pending);
  });

  it('refuses a database that knows a newer version', () => {
    expect(() => pendingMigrations([1, 2, 4], [m(1), m(2), m(3)])).toThrow(
      expect.objectContaining({ code: 'store/schema-too-new' }) as Error,
    );
  });
});
