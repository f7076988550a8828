/**
 * `portcullis secret set|list|rm|rotate`: the admin's side of the vault (API.md "Broker"), over the logged-in
 * session. A value is never taken from argv (it would sit in shell history and `ps`): it is read from `--file`, from
 * piped stdin, or typed at a terminal with echo off.
 */
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import * as z from 'zod/mini';
import { EXITS, act, withGate, type GateOption } from './gate-command-kit.js';
import type { Gate, GateCommandsContext } from './gate-run.js';

/** Largest value accepted (the gate enforces the same). */
const MAX_VALUE_BYTES = 64 * 1024;

const listSchema = z.looseObject({
  secrets: z.array(z.looseObject({ name: z.string(), updatedAt: z.string() })),
});
const rotateSchema = z.looseObject({ ok: z.boolean(), count: z.number() });

/** Read all of a non-terminal stdin (bounded). */
function readAll(stdin: Gate['io']['stdin']): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (c: Buffer | string): void => {
      const b = typeof c === 'string' ? Buffer.from(c) : c;
      size += b.length;
      if (size > MAX_VALUE_BYTES) {
        done();
        reject(new Error(`the value is over ${MAX_VALUE_BYTES} bytes`));
      } else chunks.push(b);
    };
    const onEnd = (): void => {
      done();
      resolve(Buffer.concat(chunks).toString('utf8'));
    };
    const done = (): void => {
      stdin.removeListener('data', onData);
      stdin.removeListener('end', onEnd);
      stdin.pause();
    };
    stdin.on('data', onData);
    stdin.on('end', onEnd);
    stdin.resume();
  });
}

/**
 * The value to store. A one-line value piped in loses its line ending (`echo pw | …`); a multi-line one (a
 * kubeconfig, a key) is kept byte for byte, as is a `--file`.
 */
export async function secretValue(
  g: Gate,
  file: string | undefined,
  name: string,
): Promise<string> {
  const { UsageError } = await import('./client.js');
  if (file !== undefined) {
    try {
      return await readFile(file, 'utf8');
    } catch (err) {
      throw new UsageError(
        `cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? 'error'}`,
      );
    }
  }
  if (g.io.stdin.isTTY === true) {
    // On a terminal, only with echo off: a prompter that cannot turn it off must not read a secret.
    if (!g.io.stdin.setRawMode)
      throw new UsageError('cannot turn off echo here: use --file or pipe the value');
    return g.prompt.ask(`Value for ${name} (not echoed): `, { secret: true });
  }
  let value: string;
  try {
    value = await readAll(g.io.stdin);
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const oneLine = /^[^\n]*\r?\n$/.test(value);
  return oneLine ? value.replace(/\r?\n$/, '') : value;
}

async function readJson<T>(res: Response, schema: z.ZodMiniType<T>, path: string): Promise<T> {
  const { ClientError } = await import('./client.js');
  const r = schema.safeParse(await res.json().catch(() => undefined));
  if (!r.success)
    throw new ClientError('gate/bad-response', `unexpected answer to ${path}`, res.status);
  return r.data;
}

/** Register `secret set|list|rm|rotate` (part of `registerBrokerCommands`). */
export function registerSecretCommands(program: Command, ctx: GateCommandsContext): void {
  const secret = program
    .command('secret')
    .description('the credential vault (admins): values go in, never come out');

  withGate(secret.command('set'))
    .description('store a secret (from --file, piped stdin, or typed with echo off)')
    .argument('<name>', 'the secret name gate.yaml bindings refer to')
    .option('--file <file>', 'read the value from this file (kept byte for byte)')
    .addHelpText(
      'after',
      `
Examples:
  portcullis secret set prod-kubeconfig --file ~/.kube/prod.yaml
  printf '%s' "$PGPASSWORD" | portcullis secret set prod-db-password
  portcullis secret set proxmox-token                # asks, with echo off

The value is never taken from the command line.${EXITS}`,
    )
    .action(async (name: string, opts: GateOption & { file?: string }) => {
      await act(ctx, 'secret set', opts, async (g) => {
        const value = await secretValue(g, opts.file, name);
        if (value === '') {
          const { UsageError } = await import('./client.js');
          throw new UsageError('the value is empty');
        }
        await g.client.send('POST', '/v1/secrets', { body: { name, value } });
        g.io.out(`secret ${name} stored\n`);
        return 0;
      });
    });

  withGate(secret.command('list').alias('ls'))
    .description('the secrets in the vault (names and update times only)')
    .option('--json', 'print {secrets: [{name, updatedAt}]}')
    .addHelpText('after', `\nExamples:\n  portcullis secret list${EXITS}`)
    .action(async (opts: GateOption & { json?: boolean }) => {
      await act(ctx, 'secret list', opts, async (g) => {
        const res = await g.client.send('GET', '/v1/secrets');
        const { secrets } = await readJson(res, listSchema, '/v1/secrets');
        if (opts.json === true) g.io.out(`${JSON.stringify({ secrets }, null, 2)}\n`);
        else if (secrets.length === 0) g.io.out('no secrets\n');
        else {
          const width = Math.max(4, ...secrets.map((s) => s.name.length));
          g.io.out(`${'NAME'.padEnd(width)}  UPDATED\n`);
          for (const s of secrets) g.io.out(`${s.name.padEnd(width)}  ${s.updatedAt}\n`);
        }
        return 0;
      });
    });

  withGate(secret.command('rm').alias('remove'))
    .description('remove a secret')
    .argument('<name>')
    .addHelpText('after', `\nExamples:\n  portcullis secret rm old-token${EXITS}`)
    .action(async (name: string, opts: GateOption) => {
      await act(ctx, 'secret rm', opts, async (g) => {
        await g.client.send('DELETE', `/v1/secrets/${encodeURIComponent(name)}`);
        g.io.out(`secret ${name} removed\n`);
        return 0;
      });
    });

  withGate(secret.command('rotate'))
    .description('re-encrypt every secret under a new vault key (the old key is kept until done)')
    .addHelpText('after', `\nExamples:\n  portcullis secret rotate${EXITS}`)
    .action(async (opts: GateOption) => {
      await act(ctx, 'secret rotate', opts, async (g) => {
        const res = await g.client.send('POST', '/v1/secrets/rotate', {
          body: {},
          timeoutMs: 120_000,
        });
        const { count } = await readJson(res, rotateSchema, '/v1/secrets/rotate');
        g.io.out(`re-encrypted ${count} secret${count === 1 ? '' : 's'} under a new key\n`);
        return 0;
      });
    });
}
