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
/** `import('./serve.js')` in the CLI becomes a runtime import of the sibling bundle. */
const serveApart = {
  name: 'serve-apart',
  setup(b) {
    b.onResolve({ filter: /^\.\/serve\.js$/ }, (args) =>
      args.importer.endsWith('serve-command.ts') ? { path: './serve.mjs', external: true } : undefined,
    );
  },
};
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
  entryPoints: [new URL('../src/cli/main.ts', import.meta.url).pathname],
  plugins: [serveApart],
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
