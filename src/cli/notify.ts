/**
 * Notification channels from the CLI: `notify list` shows what the gate would notify and when; `notify test
 * CHANNEL` makes the gate send a test message through one channel (exit 1 when the send failed).
 */
import { json, table } from './gate-format.js';
import { GATE_EXIT, type Gate } from './gate-run.js';

/** `portcullis notify list [--json]`. */
export async function notifyList(g: Gate, opts: { json?: boolean }): Promise<number> {
  const r = await g.client.listChannels();
  if (opts.json === true) g.io.out(json(r));
  else if (r.channels.length === 0) g.io.out('no notification channels configured\n');
  else
    g.io.out(
      table(
        ['NAME', 'TYPE', 'STAGE', 'RISKS'],
        r.channels.map((c) => [
          c.name,
          c.type,
          c.stage === undefined
            ? '-'
            : typeof c.stage === 'string'
              ? c.stage
              : JSON.stringify(c.stage),
          (c.risks ?? []).join(', ') || 'all',
        ]),
        g.io.columns,
      ),
    );
  return GATE_EXIT.ok;
}

/** `portcullis notify test CHANNEL`. */
export async function notifyTest(g: Gate, channel: string): Promise<number> {
  const r = await g.client.testChannel(channel);
  if (!r.ok) {
    g.io.err(
      `portcullis notify test: ${channel}: the gate could not send the test message (see its log)\n`,
    );
    return GATE_EXIT.refused;
  }
  g.io.out(`${channel}: test message sent\n`);
  return GATE_EXIT.ok;
}
