/**
 * Registration of `portcullis serve`; the daemon itself (serve.ts and everything it opens) loads only when the
 * command runs.
 */
import type { Command } from 'commander';
import type { ServeOptions } from './serve.js';

/** Register `serve` on the CLI. */
export function registerServeCommand(
  program: Command,
  ctx: { setExitCode(c: number): void; version: string },
): void {
  program
    .command('serve')
    .description('run the gate: approvals, agent identities, audit and the HTTP API (default 127.0.0.1:7421)')
    .option('--config <file>', 'gate config file (default ~/.config/portcullis/gate.yaml)')
    .option('--host <host>', 'address to listen on (default 127.0.0.1)')
    .option('--port <port>', 'port to listen on (default 7421; 0 picks a free one)')
    .option('--db <spec>', 'SQLite file, or postgres://user@host/db for several replicas')
    .option('--data-dir <dir>', 'where the SQLite store lives (default ~/.local/share/portcullis)')
    .option('--public-url <url>', 'the URL approvers reach the console at (for links)')
    .option('--vault-key <file>', 'the vault key file (default <data-dir>/vault.key, created 0600)')
    .addHelpText(
      'after',
      `
Examples:
  portcullis serve                                   # SQLite in ~/.local/share/portcullis, 127.0.0.1:7421
  portcullis serve --db postgres://portcullis@db.internal/portcullis --host 0.0.0.0 \\
      --public-url https://gate.home.lan              # one of several replicas

On the first start the gate creates an admin account and prints its one-time password. Hooks find
the gate at http://127.0.0.1:7421 (or PORTCULLIS_GATE) and send PORTCULLIS_TOKEN when set; with no
gate running they decide locally and deny anything that needs an approval.`,
    )
    .action(async (opts: ServeOptions) => {
      // A separate bundle (dist/serve.mjs): the server's libraries never load on a hook's or check's path.
      const { runServe } = await import('./serve.js');
      ctx.setExitCode(await runServe(opts, ctx.version));
    });
}
