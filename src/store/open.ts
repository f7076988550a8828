/**
 * The one place a store spec becomes a store: the composition root (`cli/serve.ts`) calls it with the configured
 * value, so no other code names an implementation.
 */
import { PostgresStore } from './postgres.js';
import { SqliteStore } from './sqlite.js';
import type { Store } from './store.js';

/**
 * `postgres://…` or `postgresql://…` opens a PostgresStore (several replicas may share it); anything else is a
 * SQLite file path (or `:memory:`). The store is not migrated yet: call `migrate()` before use.
 */
export function openStore(spec: string): Store {
  if (/^postgres(ql)?:\/\//i.test(spec)) return new PostgresStore(spec);
  return new SqliteStore(spec);
}
