// Bundle the CLI into one file (dist/portcullis.mjs). A hook or `check` is a short process: loading one
// module instead of a hundred saves most of Node's module-loading time. The wasm grammar and the SQL parser
// stay external, and so do the YAML and CEL libraries of the policy engine: they load from node_modules, and
// only when a command needs them (a policy file exists, a rule has a `when:` condition).
//
// The gate daemon (`serve`: the HTTP server, the stores, notifications) is a second bundle, dist/serve.mjs, that
// the CLI imports only when `serve` runs: its libraries would otherwise be parsed on every hook call.
import { chmodSync } from 'node:fs';
import { build } from 'esbuild';

const outfile = new URL('../dist/portcullis.mjs', import.meta.url).pathname;
/**
 * Three bundles: `portcullis.mjs` (main.ts: the hot paths, hook and check), `program.mjs` (every other command,
 * loaded by main.ts only when the argv is not a hot path) and `serve.mjs` (the daemon). `import('./program.js')`
 * and `import('./serve.js')` become runtime imports of the sibling bundles, so a hook never parses the rest.
 */
const apart = (file, from, to) => ({
  name: `apart-${to}`,
  setup(b) {
    b.onResolve({ filter: new RegExp(`^\\./${file.replace('.', '\\.')}$`) }, (args) =>
      args.importer.endsWith(from) ? { path: `./${to}`, external: true } : undefined,
    );
  },
});
const serveApart = apart('serve.js', 'serve-command.ts', 'serve.mjs');
const programApart = apart('program.js', 'main.ts', 'program.mjs');
const common = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: 'linked',
  minify: true,
  banner: {
    js: "import { createRequire as __portcullisRequire } from 'node:module'; const require = __portcullisRequire(import.meta.url);",
  },
  logLevel: 'warning',
};
await build({
  ...common,
  entryPoints: [new URL('../src/cli/serve.ts', import.meta.url).pathname],
  outfile: new URL('../dist/serve.mjs', import.meta.url).pathname,
  // Native or optional modules load from node_modules.
  external: ['better-sqlite3', 'pg-native', 'web-tree-sitter', 'tree-sitter-bash', 'node-sql-parser', 'node-sql-parser/*', 'yaml', '@marcbachmann/cel-js'],
});
await build({
  ...common,
  entryPoints: [new URL('../src/cli/program.ts', import.meta.url).pathname],
  plugins: [serveApart],
  outfile: new URL('../dist/program.mjs', import.meta.url).pathname,
  external: ['web-tree-sitter', 'tree-sitter-bash', 'node-sql-parser', 'node-sql-parser/*', 'yaml', '@marcbachmann/cel-js'],
});
await build({
  entryPoints: [new URL('../src/cli/main.ts', import.meta.url).pathname],
  plugins: [programApart],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: 'linked',
  // Smaller text parses faster: V8 reads the whole bundle on every hook call. The source map keeps traces readable.
  minify: true,
  external: ['web-tree-sitter', 'tree-sitter-bash', 'node-sql-parser', 'node-sql-parser/*', 'yaml', '@marcbachmann/cel-js'],
  banner: {
    js: "import { createRequire as __portcullisRequire } from 'node:module'; const require = __portcullisRequire(import.meta.url);",
  },
  logLevel: 'warning',
});
chmodSync(outfile, 0o755);
