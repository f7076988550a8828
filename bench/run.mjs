// `npm run bench`: performance of judgement. A benchmark, not a test: it prints figures and one JSON object as
// its last line. Commands are data here: they are analysed, never executed.
//   analyze_p50_us / analyze_p99_us  one command through analyze() and the verdict, in process
//   batch_per_s                      `portcullis check --batch`, whole process, >= 10,000 lines
//   check_process_ms                 median wall time of one `portcullis check -- git status` process
//   hook_process_ms                  per agent: median wall time of one `portcullis hook <agent>` process
//   node_floor_ms                    median wall time of `node -e 0`, measured in the same run
//   daemon_decide_p50_ms / _p99_ms   one hook decision through the gate daemon over loopback (bench/gate.mjs)
//   decide_rps                       sustained POST /v1/decide on SQLite; `postgres: {...}` the same on PostgreSQL
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const cli = join(root, 'dist/portcullis.mjs');
const corpusPath = process.env.PORTCULLIS_BENCH_CORPUS ?? join(root, '../shared/corpus/public.jsonl');
const fallback = join(root, 'bench/commands.jsonl');
const source = existsSync(corpusPath) ? corpusPath : fallback;
const rows = readFileSync(source, 'utf8')
  .split('\n')
  .filter((l) => l.trim())
  .map((l) => JSON.parse(l));

const { analyze, initAnalyzer } = await import(join(root, 'dist/analyze/index.js'));
const { decideBuiltin } = await import(join(root, 'dist/policy/builtin.js'));
await initAnalyzer();

const pct = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
const median = (xs) => pct([...xs].sort((a, b) => a - b), 50);

// Warm up the JIT, then time each command individually, several rounds.
for (let i = 0; i < 3; i++) for (const r of rows) decideBuiltin(analyze({ command: r.command, cwd: r.cwd }));
const samples = [];
for (let round = 0; round < 20; round++) {
  for (const r of rows) {
    const t0 = process.hrtime.bigint();
    decideBuiltin(analyze({ command: r.command, cwd: r.cwd }));
    samples.push(Number(process.hrtime.bigint() - t0) / 1000);
  }
}
samples.sort((a, b) => a - b);

const dir = mkdtempSync(join(tmpdir(), 'portcullis-bench-'));
try {
  const lines = [];
  while (lines.length < 10_000) for (const r of rows) lines.push(JSON.stringify({ id: `${r.id}-${lines.length}`, command: r.command, cwd: r.cwd }));
  const batchFile = join(dir, 'batch.jsonl');
  writeFileSync(batchFile, `${lines.join('\n')}\n`);
  const t0 = performance.now();
  const batch = spawnSync(process.execPath, [cli, 'check', '--batch', batchFile], { encoding: 'utf8', maxBuffer: 1 << 30 });
  const batchMs = performance.now() - t0;
  if (batch.status !== 0) throw new Error(`check --batch failed: ${batch.stderr}`);
  const outLines = batch.stdout.trim().split('\n').length;

  const time = (args) => {
    const t = performance.now();
    const r = spawnSync(process.execPath, args, { encoding: 'utf8' });
    const ms = performance.now() - t;
    if (r.error) throw r.error;
    return ms;
  };
  // One hook process per agent with a realistic payload (a shell `git status` in that agent's format).
  const hookPayloads = {
    'claude-code': 'claude-code/bash-git-status.json',
    codex: 'codex/bash-git-status.json',
    gemini: 'gemini/run-shell-git-status.json',
    cursor: 'cursor/before-shell-git-status.json',
    copilot: 'copilot/bash-git-status-string-args.json',
    kiro: 'kiro/execute-bash-git-status.json',
    opencode: 'opencode/bash-git-status.json',
  };
  const timeHook = (agent, file) => {
    const input = readFileSync(join(root, 'test/fixtures/hooks', file));
    const t = performance.now();
    const r = spawnSync(process.execPath, [cli, 'hook', agent], { input });
    const ms = performance.now() - t;
    if (r.status !== 0 && agent !== 'kiro') throw new Error(`hook ${agent} failed: ${r.stderr}`);
    return ms;
  };
  const floor = [];
  const check = [];
  const hooks = Object.fromEntries(Object.keys(hookPayloads).map((a) => [a, []]));
  for (let i = 0; i < 15; i++) {
    floor.push(time(['-e', '0']));
    check.push(time([cli, 'check', '--', 'git', 'status']));
    for (const [agent, file] of Object.entries(hookPayloads)) hooks[agent].push(timeHook(agent, file));
  }
  const result = {
    corpus: source,
    commands: rows.length,
    analyze_p50_us: Math.round(pct(samples, 50) * 10) / 10,
    analyze_p99_us: Math.round(pct(samples, 99) * 10) / 10,
    batch_lines: outLines,
    batch_per_s: Math.round(outLines / (batchMs / 1000)),
    check_process_ms: Math.round(median(check) * 10) / 10,
    node_floor_ms: Math.round(median(floor) * 10) / 10,
  };
  result.check_over_floor = Math.round((result.check_process_ms / result.node_floor_ms) * 100) / 100;
  result.hook_process_ms = Object.fromEntries(
    Object.entries(hooks).map(([agent, xs]) => [agent, Math.round(median(xs) * 10) / 10]),
  );
  result.hook_over_floor_max =
    Math.round((Math.max(...Object.values(result.hook_process_ms)) / result.node_floor_ms) * 100) / 100;
  // The gate daemon: one hook decision over loopback and sustained /v1/decide, on SQLite and PostgreSQL.
  const { benchGate } = await import('./gate.mjs');
  const gate = await benchGate(cli);
  Object.assign(result, gate.sqlite);
  if (gate.postgres) result.postgres = gate.postgres;
  console.log(JSON.stringify(result));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
