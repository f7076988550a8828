// Bundle the CLI into one file (dist/portcullis.mjs). A hook or `check` is a short process: loading one
// module instead of a hundred saves most of Node's module-loading time. The wasm grammar and the SQL parser
// stay external, and so do the YAML and CEL libraries of the policy engine: they load from node_modules, and
// only when a command needs them (a policy file exists, a rule has a `when:` condition).
import { chmodSync } from 'node:fs';
import { build } from 'esbuild';

const outfile = new URL('../dist/portcullis.mjs', import.meta.url).pathname;
await build({
  entryPoints: [new URL('../src/cli/main.ts', import.meta.url).pathname],
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
