import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SqliteStore } from './sqlite.js';
import { storeSuite } from './store-suite.js';
import { chainProblem, draft, human, testSealer } from './test-kit.js';

const dir = mkdtempSync(join(tmpdir(), 'portcullis-store-'));
let n = 0;
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

storeSuite('SqliteStore (:memory:)', () => Promise.resolve(new SqliteStore(':memory:')));
storeSuite('SqliteStore (file, WAL)', () =>
  Promise.resolve(new SqliteStore(join(dir, `t${String(++n)}.db`))),
);

describe('SqliteStore on disk', () => {
  it('creates the file with mode 0600 and keeps data across reopen', async () => {
    const path = join(dir, 'reopen.db');
    const a = new SqliteStore(path);
    await a.migrate();
    await a.createHuman(human('alice'));
    await a.appendAudit(draft(1), testSealer);
    await a.close();
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const b = new SqliteStore(path);
    await b.migrate();
    expect((await b.getHuman('alice'))?.name).toBe('alice');
    expect((await b.appendAudit(draft(2), testSealer)).seq).toBe(2);
    expect(chainProblem(await b.listAudit())).toBeUndefined();
    await b.close();
  });

  it('two connections to one file (gate and CLI) share one chain', async () => {
    const path = join(dir, 'two.db');
    const a = new SqliteStore(path);
    const b = new SqliteStore(path);
    await Promise.all([a.migrate(), b.migrate()]);
    for (let i = 0; i < 20; i++) await (i % 2 === 0 ? a : b).appendAudit(draft(i), testSealer);
    expect(chainProblem(await a.listAudit())).toBeUndefined();
    expect((await b.auditHead())?.seq).toBe(20);
    await a.close();
    await b.close();
  });

  it('audit rows cannot be updated or deleted, even with SQL', async () => {
    const path = join(dir, 'append-only.db');
    const a = new SqliteStore(path);
    await a.migrate();
    await a.appendAudit(draft(1), testSealer);
    await a.close();
    const { default: Database } = await import('better-sqlite3');
    const raw = new Database(path);
    expect(() => raw.prepare('UPDATE audit SET data = ?').run('{}')).toThrow(/append-only/);
    expect(() => raw.prepare('DELETE FROM audit').run()).toThrow(/append-only/);
    raw.close();
  });

  it('refuses a database migrated by a newer Portcullis', async () => {
    const path = join(dir, 'future.db');
    const a = new SqliteStore(path);
    await a.migrate();
    await a.close();
    const { default: Database } = await import('better-sqlite3');
    const raw = new Database(path);
    raw.prepare("INSERT INTO schema_migrations (version, name) VALUES (999, 'future')").run();
    raw.close();
    const b = new SqliteStore(path);
    await expect(b.migrate()).rejects.toMatchObject({ code: 'store/schema-too-new' });
    await b.close();
  });
});
