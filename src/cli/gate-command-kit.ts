/**
 * Shared by the gate command registrations: the `--gate` option, the lazy bridge to `runGate`, and the exit-code
 * note every help text ends with. Imports nothing at run time, so registering the commands stays cheap.
 */
import type { Command } from 'commander';
import type { Gate, GateCommandsContext } from './gate-run.js';

export const EXITS =
  '\n\nExit codes: 0 ok, 1 refused by the gate, 2 usage error, 3 gate unreachable or failing.';

/** Options every gate command takes. */
export interface GateOption {
  gate?: string;
}

/** Adds `--gate URL` to a command. */
export function withGate(c: Command): Command {
  return c.option(
    '--gate <url>',
    'the gate to talk to (default: $PORTCULLIS_GATE, else http://127.0.0.1:7421)',
  );
}

/** Run `body` as command `name` through `runGate`, loaded on first use. */
export async function act(
  ctx: GateCommandsContext,
  name: string,
  opts: GateOption,
  body: (g: Gate) => Promise<number>,
): Promise<void> {
  const { runGate } = await import('./gate-run.js');
  await runGate(name, opts.gate, ctx, body);
}

/** Collects a repeatable option (`--scope a --scope b`). */
export function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}
