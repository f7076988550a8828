// The gate daemon's figures for `npm run bench` (imported by run.mjs). Commands are data: judged, never run.
//   daemon_decide_p50_ms / _p99_ms  one hook decision through the daemon over loopback (a fresh connection per
//                                   call, as a hook process makes), safe command, Claude Code's payload
//   decide_rps                      sustained POST /v1/decide for 5 s (wrk when installed, else node:http clients)
// Each is measured on SQLite (the default) and, when PORTCULLIS_BENCH_PG or PORTCULLIS_TEST_PG names a server, on
// PostgreSQL in a fresh database dropped afterwards. The daemon runs as its own process; load is loopback only.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const pct = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

function startDaemon(cli, home, db) {
  mkdirSync(join(home, '.config', 'portcullis'), { recursive: true });
  // The bench is one client at thousands of requests a second: lift the per-caller rate limit for it.
  writeFileSync(
    join(home, '.config', 'portcullis', 'gate.yaml'),
    'rateLimits:\n  anonymous: { burst: 1000000, perSecond: 1000000 }\n',
  );
  const args = [cli, 'serve', '--port', '0', ...(db ? ['--db', db] : [])];
  const child = spawn(process.execPath, args, {
    env: { ...process.env, HOME: home, XDG_CONFIG_HOME: join(home, '.config'), XDG_DATA_HOME: join(home, 'data') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`gate did not start: ${out}`)), 20_000);
    child.stdout.on('data', (d) => {
      out += d;
      const url = /listening on (http:\/\/\S+)/.exec(out)?.[1];
      if (url && out.includes('Console:')) {
        clearTimeout(timer);
        resolve({ child, url });
      }
    });
    child.stderr.on('data', (d) => (out += d));
    child.once('exit', (code) => reject(new Error(`gate exited ${code}: ${out}`)));
  });
}

function post(url, path, body, agent) {
  return new Promise((resolve, reject) => {
    const req = request(
      new URL(path, url),
      { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
      (res) => {
        let text = '';
        res.on('data', (c) => (text += c));
        res.on('end', () => (res.statusCode === 200 ? resolve(text) : reject(new Error(`${res.statusCode} ${text}`))));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

function wrkRps(url, body, dir) {
  if (spawnSync('wrk', ['--version']).error) return undefined;
  const script = join(dir, 'post.lua');
  writeFileSync(
    script,
    `wrk.method = "POST"\nwrk.body = ${JSON.stringify(body)}\nwrk.headers["Content-Type"] = "application/json"\n`,
  );
  const r = spawnSync('wrk', ['-t1', '-c16', '-d5s', '-s', script, `${url}/v1/decide`], { encoding: 'utf8' });
  const rps = /Requests\/sec:\s+([\d.]+)/.exec(r.stdout)?.[1];
  if (!rps) return undefined;
  const errors = /Non-2xx or 3xx responses: (\d+)/.exec(r.stdout)?.[1] ?? '0';
  return { rps: Math.round(Number(rps)), errors: Number(errors) };
}

async function measure(cli, db) {
  const home = mkdtempSync(join(tmpdir(), 'portcullis-bench-gate-'));
  const { child, url } = await startDaemon(cli, home, db);
  try {
    const hookBody = readFileSync(new URL('../test/fixtures/hooks/claude-code/bash-git-status.json', import.meta.url));
    const fresh = new Agent({ keepAlive: false });
    for (let i = 0; i < 50; i++) await post(url, '/v1/hooks/claude-code', hookBody, fresh);
    const lat = [];
    for (let i = 0; i < 400; i++) {
      const t = performance.now();
      const answer = await post(url, '/v1/hooks/claude-code', hookBody, fresh);
      lat.push(performance.now() - t);
      if (!answer.includes('"allow"')) throw new Error(`unexpected hook answer: ${answer}`);
    }
    lat.sort((a, b) => a - b);

    const body = JSON.stringify({ request: { kind: 'shell', agent: 'bench', cwd: '/srv/app', command: 'git status' } });
    // wrk (Debian's package), when installed, is the load: a C client leaves the second core to the gate rather than
    // to a JavaScript client's own HTTP work. Otherwise keep-alive node:http clients.
    const viaWrk = wrkRps(url, body, home);
    if (viaWrk !== undefined) {
      return {
        daemon_decide_p50_ms: Math.round(pct(lat, 50) * 100) / 100,
        daemon_decide_p99_ms: Math.round(pct(lat, 99) * 100) / 100,
        decide_rps: viaWrk.rps,
        decide_errors: viaWrk.errors,
        decide_client: 'wrk -t1 -c16 -d5s',
      };
    }
    const keep = new Agent({ keepAlive: true, maxSockets: 32 });
    const seconds = 5;
    const end = performance.now() + seconds * 1000;
    let done = 0;
    let failed = 0;
    const worker = async () => {
      while (performance.now() < end) {
        try {
          await post(url, '/v1/decide', body, keep);
          done++;
        } catch {
          failed++;
        }
      }
    };
    const t0 = performance.now();
    await Promise.all(Array.from({ length: 32 }, worker));
    const rps = done / ((performance.now() - t0) / 1000);
    keep.destroy();
    return {
      daemon_decide_p50_ms: Math.round(pct(lat, 50) * 100) / 100,
      daemon_decide_p99_ms: Math.round(pct(lat, 99) * 100) / 100,
      decide_rps: Math.round(rps),
      decide_errors: failed,
      decide_client: 'node:http, 32 keep-alive clients, 5 s',
    };
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    rmSync(home, { recursive: true, force: true });
  }
}

/** The gate's figures on SQLite and, when a server is named, PostgreSQL. */
export async function benchGate(cli) {
  const result = { sqlite: await measure(cli) };
  const pgUrl = process.env.PORTCULLIS_BENCH_PG ?? process.env.PORTCULLIS_TEST_PG;
  if (pgUrl) {
    const { default: pg } = await import('pg');
    const admin = new pg.Client({ connectionString: pgUrl });
    await admin.connect();
    const name = `portcullis_bench_${randomBytes(5).toString('hex')}`;
    await admin.query(`CREATE DATABASE ${name}`);
    try {
      const u = new URL(pgUrl);
      u.pathname = `/${name}`;
      result.postgres = await measure(cli, u.toString());
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    }
  }
  return result;
}
