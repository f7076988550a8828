/**
 * `portcullis serve` (and `npm start`): the gate daemon. The composition root: it reads the gate config, picks
 * the store (SQLite by default, PostgreSQL by URL), opens the gate and serves the HTTP API on loopback. On the
 * very first start it creates the first admin and prints its one-time password and the console URL once.
 */
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { parseGateConfig, type GateConfig } from '../gate/config.js';
import type { Policy } from '../policy/index.js';
import { loadPolicy } from '../policy/load.js';

export interface ServeOptions {
  config?: string;
  host?: string;
  port?: string;
  db?: string;
  dataDir?: string;
  publicUrl?: string;
  vaultKey?: string;
}

/** Default config file: `$XDG_CONFIG_HOME/portcullis/gate.yaml` or `~/.config/portcullis/gate.yaml`. */
export function defaultConfigFile(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'portcullis', 'gate.yaml');
}

/** Read the gate config (a missing default file is an empty config; a missing explicit one is an error). */
export async function readGateConfig(
  file: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): Promise<GateConfig> {
  const path = file ?? defaultConfigFile(env);
  if (!existsSync(path)) {
    if (file !== undefined) throw new Error(`no gate config at ${path}`);
    return parseGateConfig({}, env);
  }
  const { parse } = await import('yaml');
  let doc: unknown;
  try {
    doc = parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new Error(`${path}: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`);
  }
  try {
    return parseGateConfig(doc, env);
  } catch (err) {
    throw new Error(`${path}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/**
 * The policy in force per working directory, compiled at most once a second per directory: an edited policy
 * applies within a second, and a busy gate does not re-read files on every request.
 */
export function cachedPolicyFor(home = homedir(), ttlMs = 1000): (cwd: string) => Policy {
  const cache = new Map<string, { policy: Policy; at: number }>();
  return (cwd) => {
    const now = Date.now();
    const hit = cache.get(cwd);
    if (hit && now - hit.at < ttlMs) return hit.policy;
    const policy = loadPolicy({ cwd, home });
    if (cache.size > 1000) cache.clear();
    cache.set(cwd, { policy, at: now });
    return policy;
  };
}

/** Apply command-line overrides on top of the config file. */
export function withOverrides(config: GateConfig, opts: ServeOptions): GateConfig {
  const port = opts.port === undefined ? config.listen.port : Number(opts.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`--port must be a port number, not "${opts.port ?? ''}"`);
  }
  return parseGateConfig({
    ...config,
    listen: { host: opts.host ?? config.listen.host, port },
    ...(opts.db ? { db: opts.db } : {}),
    ...(opts.publicUrl ? { publicUrl: opts.publicUrl } : {}),
    ...(opts.vaultKey ? { vault: { ...config.vault, keyFile: opts.vaultKey } } : {}),
  });
}

/** Run the daemon until SIGINT/SIGTERM. Resolves to the exit code. */
export async function runServe(opts: ServeOptions, version: string): Promise<number> {
  let config: GateConfig;
  try {
    config = withOverrides(await readGateConfig(opts.config), opts);
  } catch (err) {
    process.stderr.write(`portcullis serve: ${err instanceof Error ? err.message : String(err)}\n`);
    return 2;
  }
  const [{ openGate }, { startServer }] = await Promise.all([
    import('../server/boot.js'),
    import('../server/serve.js'),
  ]);
  const policyFor = cachedPolicyFor();
  try {
    policyFor(process.cwd());
  } catch (err) {
    process.stderr.write(
      `portcullis serve: the policy does not load, so the gate will not start:\n${err instanceof Error ? err.message : String(err)}\n`,
    );
    return 2;
  }
  const log = (line: string): void => {
    process.stderr.write(`${new Date().toISOString()} ${line}\n`);
  };
  const booted = await openGate({
    config,
    ...(opts.dataDir ? { dataDir: opts.dataDir } : {}),
    policyFor,
    version,
    onError: (err, context) => {
      log(`${context}: ${err instanceof Error ? err.message : String(err)}`);
    },
  });
  const { ctx } = booted;
  ctx.gate.startSweeper();
  const telegram = (config.notify?.channels ?? []).filter((c) => c.type === 'telegram');
  const stopTelegram =
    telegram.length > 0
      ? (await import('../server/telegram.js')).startTelegramPollers(ctx, telegram, (err) => {
          log(`telegram: ${err.message}`);
        })
      : undefined;
  const server = await startServer(
    ctx,
    { host: config.listen.host, port: config.listen.port },
    { limits: config.rateLimits },
  );
  // One write: whoever reads the banner (a supervisor, a test) sees it whole.
  let banner =
    `Portcullis gate ${version} listening on ${server.url} (store: ${ctx.store.dialect})\n` +
    `Console: ${ctx.settings.publicUrl}/\n`;
  if (booted.firstAdmin) {
    banner +=
      '\nFirst start: created the first approver account. This password is shown once; log in and change it:\n' +
      `  name:     ${booted.firstAdmin.name}\n  password: ${booted.firstAdmin.password}\n` +
      `  portcullis login --name ${booted.firstAdmin.name}     (or open ${ctx.settings.publicUrl}/)\n\n`;
  }
  if (!ctx.settings.anonymousAgents)
    banner += 'Agents must present a token (portcullis agent add NAME).\n';
  process.stdout.write(banner);
  await new Promise<void>((resolve) => {
    const stop = (): void => {
      resolve();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  log('stopping');
  stopTelegram?.();
  await server.close();
  await ctx.close();
  return 0;
}
