// Build the approvals console (src/web/client) into static files the gate serves (src/server/console.ts):
//   <outDir>/index.html
//   <outDir>/assets/app-<hash>.js, app-<hash>.css, favicon-<hash>.svg
// Content-hashed names let the server cache assets forever; only index.html is revalidated. No CDN, no web
// font: everything the page loads comes from the gate itself (the CSP is `default-src 'self'`).
import { createHash } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const client = join(root, 'src/web/client');

const hash8 = (bytes) => createHash('sha256').update(bytes).digest('hex').slice(0, 10);
const escapeAttr = (s) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;');

function page({ js, css, icon }) {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<meta name="color-scheme" content="light dark">
<title>Portcullis</title>
<link rel="icon" href="${escapeAttr(icon)}" type="image/svg+xml">
<link rel="stylesheet" href="${escapeAttr(css)}">
<script type="module" src="${escapeAttr(js)}"></script>
</head>
<body>
<div id="app"><noscript>The Portcullis console needs JavaScript. The CLI (portcullis approvals) works without it.</noscript></div>
</body>
</html>
`;
}

/**
 * Build the console into `outDir` (default `dist/web`), replacing what was there.
 * @param {string} [outDir]
 * @returns {Promise<{ outDir: string, files: { path: string, bytes: number }[], totalBytes: number }>}
 */
export async function buildWeb(outDir = join(root, 'dist/web')) {
  const result = await build({
    entryPoints: [join(client, 'main.tsx')],
    bundle: true,
    format: 'esm',
    target: ['es2020', 'chrome100', 'firefox100', 'safari15'],
    platform: 'browser',
    minify: true,
    jsx: 'automatic',
    jsxImportSource: 'preact',
    tsconfig: join(root, 'src/web/tsconfig.json'),
    outdir: 'out',
    entryNames: 'app',
    write: false,
    legalComments: 'none',
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'warning',
  });
  const pick = (ext) => {
    const f = result.outputFiles.find((o) => o.path.endsWith(ext));
    if (!f) throw new Error(`esbuild produced no ${ext}`);
    return f.contents;
  };
  const assets = [
    ['app', '.js', pick('.js')],
    ['app', '.css', pick('.css')],
    ['favicon', '.svg', await readFile(join(client, 'favicon.svg'))],
  ].map(([name, ext, bytes]) => ({ name: `${name}-${hash8(bytes)}${ext}`, bytes }));
  const [js, css, icon] = assets.map((a) => `/assets/${a.name}`);
  const html = Buffer.from(page({ js, css, icon }));

  await rm(outDir, { recursive: true, force: true });
  await mkdir(join(outDir, 'assets'), { recursive: true });
  const files = [
    { path: 'index.html', bytes: html },
    ...assets.map((a) => ({ path: `assets/${a.name}`, bytes: a.bytes })),
  ];
  for (const f of files) await writeFile(join(outDir, f.path), f.bytes);
  const sized = files.map((f) => ({ path: f.path, bytes: f.bytes.length }));
  return { outDir, files: sized, totalBytes: sized.reduce((n, f) => n + f.bytes, 0) };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const out = await buildWeb(process.argv[2] ? resolve(process.argv[2]) : undefined);
  const list = out.files.map((f) => `${f.path} ${(f.bytes / 1024).toFixed(1)} KB`).join(', ');
  process.stdout.write(
    `console → ${out.outDir}: ${list}; total ${(out.totalBytes / 1024).toFixed(1)} KB\n`,
  );
}
