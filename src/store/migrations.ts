/**
 * Versioned schema migrations, one entry per version with the SQL for each dialect. Applied versions are recorded
 * in `schema_migrations`; `migrate()` applies the missing ones in order inside one serialised transaction
 * (SQLite: IMMEDIATE; PostgreSQL: an advisory lock), so replicas starting together do not race. Never edit a
 * released entry: append a new version.
 *
 * Column conventions: times are milliseconds since the epoch (INTEGER / BIGINT); JSON is TEXT in SQLite and JSONB
 * in PostgreSQL, except `audit.data`, which is TEXT in both: the chain is hashed over the event exactly as sealed,
 * and JSONB rejects some strings JSON allows (NUL, lone surrogates) — a hostile input must not be able to make its
 * own audit event unwritable.
 */
import { StoreError } from './errors.js';

export interface Migration {
  version: number;
  name: string;
  sqlite: string;
  postgres: string;
}

const V1_SQLITE = `
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE humans (
  name TEXT PRIMARY KEY,
  role TEXT NOT NULL CHECK (role IN ('admin', 'approver')),
  groups TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  totp_secret TEXT,
  must_change_password INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  disabled INTEGER NOT NULL
);
CREATE TABLE sessions (
  id TEXT PRIMARY KEY,
  human TEXT NOT NULL REFERENCES humans (name) ON DELETE CASCADE,
  csrf TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  totp_at INTEGER
);
CREATE INDEX sessions_human ON sessions (human);
CREATE TABLE agents (
  name TEXT PRIMARY KEY,
  scope TEXT NOT NULL,
  operator TEXT,
  created_at INTEGER NOT NULL,
  revoked_at INTEGER
);
CREATE TABLE tokens (
  jti TEXT PRIMARY KEY,
  agent TEXT NOT NULL REFERENCES agents (name),
  scope TEXT NOT NULL,
  issued_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  parent TEXT,
  revoked_at INTEGER
);
CREATE INDEX tokens_agent ON tokens (agent);
CREATE TABLE approvals (
  id TEXT PRIMARY KEY,
  fingerprint TEXT NOT NULL,
  agent TEXT NOT NULL,
  operator TEXT,
  session TEXT,
  request TEXT NOT NULL,
  summary TEXT NOT NULL,
  cwd TEXT NOT NULL,
  policy_version TEXT NOT NULL,
  decision TEXT NOT NULL,
  risk TEXT NOT NULL,
  env TEXT NOT NULL,
  required INTEGER NOT NULL,
  approver_groups TEXT,
  deny_on_first INTEGER NOT NULL,
  totp_required INTEGER NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'denied', 'expired', 'consumed')),
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  decided_at INTEGER,
  consumed_at INTEGER
);
CREATE INDEX approvals_fingerprint_status ON approvals (fingerprint, status);
CREATE INDEX approvals_status_created ON approvals (status, created_at);
CREATE INDEX approvals_created ON approvals (created_at);
CREATE INDEX approvals_agent_consumed ON approvals (agent, consumed_at);
CREATE TABLE votes (
  id INTEGER PRIMARY KEY,
  approval_id TEXT NOT NULL REFERENCES approvals (id) ON DELETE CASCADE,
  approver TEXT NOT NULL,
  vote TEXT NOT NULL CHECK (vote IN ('approve', 'deny')),
  comment TEXT,
  at INTEGER NOT NULL,
  totp INTEGER NOT NULL,
  UNIQUE (approval_id, approver)
);
CREATE TABLE audit (
  seq INTEGER PRIMARY KEY CHECK (seq > 0),
  ts TEXT NOT NULL,
  type TEXT NOT NULL,
  actor TEXT NOT NULL,
  data TEXT NOT NULL,
  prev TEXT NOT NULL,
  hash TEXT NOT NULL,
  sig TEXT NOT NULL
);
CREATE INDEX audit_type_seq ON audit (type, seq);
CREATE INDEX audit_ts ON audit (ts);
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END;
CREATE TABLE nonces (nonce TEXT PRIMARY KEY, expires_at INTEGER NOT NULL);
`;

const V1_POSTGRES = `
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE humans (
  name TEXT PRIMARY KEY,
  role TEXT NOT NULL CHECK (role IN ('admin', 'approver')),
  groups JSONB NOT NULL,
  password_hash TEXT NOT NULL,
  totp_secret TEXT,
  must_change_password BOOLEAN NOT NULL,
  created_at BIGINT NOT NULL,
  disabled BOOLEAN NOT NULL
);
CREATE TABLE sessions (
  id TEXT PRIMARY KEY,
  human TEXT NOT NULL REFERENCES humans (name) ON DELETE CASCADE,
  csrf TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  totp_at BIGINT
);
CREATE INDEX sessions_human ON sessions (human);
CREATE TABLE agents (
  name TEXT PRIMARY KEY,
  scope JSONB NOT NULL,
  operator TEXT,
  created_at BIGINT NOT NULL,
  revoked_at BIGINT
);
CREATE TABLE tokens (
  jti TEXT PRIMARY KEY,
  agent TEXT NOT NULL REFERENCES agents (name),
  scope JSONB NOT NULL,
  issued_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  parent TEXT,
  revoked_at BIGINT
);
CREATE INDEX tokens_agent ON tokens (agent);
CREATE TABLE approvals (
  id TEXT PRIMARY KEY,
  fingerprint TEXT NOT NULL,
  agent TEXT NOT NULL,
  operator TEXT,
  session TEXT,
  request JSONB NOT NULL,
  summary TEXT NOT NULL,
  cwd TEXT NOT NULL,
  policy_version TEXT NOT NULL,
  decision JSONB NOT NULL,
  risk TEXT NOT NULL,
  env TEXT NOT NULL,
  required INTEGER NOT NULL,
  approver_groups JSONB,
  deny_on_first BOOLEAN NOT NULL,
  totp_required BOOLEAN NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'denied', 'expired', 'consumed')),
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  decided_at BIGINT,
  consumed_at BIGINT
);
CREATE INDEX approvals_fingerprint_status ON approvals (fingerprint, status);
CREATE INDEX approvals_status_created ON approvals (status, created_at);
CREATE INDEX approvals_created ON approvals (created_at);
CREATE INDEX approvals_agent_consumed ON approvals (agent, consumed_at);
CREATE TABLE votes (
  id BIGSERIAL PRIMARY KEY,
  approval_id TEXT NOT NULL REFERENCES approvals (id) ON DELETE CASCADE,
  approver TEXT NOT NULL,
  vote TEXT NOT NULL CHECK (vote IN ('approve', 'deny')),
  comment TEXT,
  at BIGINT NOT NULL,
  totp BOOLEAN NOT NULL,
  UNIQUE (approval_id, approver)
);
CREATE TABLE audit (
  seq BIGINT PRIMARY KEY CHECK (seq > 0),
  ts TEXT NOT NULL,
  type TEXT NOT NULL,
  actor TEXT NOT NULL,
  data TEXT NOT NULL,
  prev TEXT NOT NULL,
  hash TEXT NOT NULL,
  sig TEXT NOT NULL
);
CREATE INDEX audit_type_seq ON audit (type, seq);
CREATE INDEX audit_ts ON audit (ts);
CREATE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit is append-only';
END $$;
CREATE TRIGGER audit_no_change BEFORE UPDATE OR DELETE ON audit
  FOR EACH ROW EXECUTE FUNCTION audit_append_only();
CREATE TABLE nonces (nonce TEXT PRIMARY KEY, expires_at BIGINT NOT NULL);
`;

/** Every migration, oldest first. Versions are contiguous from 1. */
export const MIGRATIONS: readonly Migration[] = [
  { version: 1, name: 'initial', sqlite: V1_SQLITE, postgres: V1_POSTGRES },
];

/**
 * The migrations still to apply given the versions already recorded. Throws when the database knows a version
 * this build does not (a newer Portcullis migrated it): running old code on a newer schema could break the
 * invariants the newer code relies on, so the gate refuses to start.
 */
export function pendingMigrations(
  applied: readonly number[],
  all: readonly Migration[] = MIGRATIONS,
): Migration[] {
  const known = new Set(all.map((m) => m.version));
  const unknown = applied.filter((v) => !known.has(v));
  if (unknown.length > 0) {
    throw new StoreError(
      'store/schema-too-new',
      `the database has schema version ${String(Math.max(...unknown))}, newer than this Portcullis knows`,
    );
  }
  const done = new Set(applied);
  return all.filter((m) => !done.has(m.version)).sort((a, b) => a.version - b.version);
}

export const SCHEMA_MIGRATIONS_SQLITE = `CREATE TABLE IF NOT EXISTS schema_migrations (
  version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP)`;

export const SCHEMA_MIGRATIONS_POSTGRES = `CREATE TABLE IF NOT EXISTS schema_migrations (
  version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())`;
