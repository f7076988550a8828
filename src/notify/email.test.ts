import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { NotifyError } from './channel.js';
import { emailContent, makeEmail } from './email.js';
import { notifySchema, type EmailConfig } from './schema.js';
import { CATASTROPHIC, HIGH } from './test-kit.js';

interface Mail {
  commands: string[];
  data: string;
}

/**
 * A tiny SMTP server on 127.0.0.1: EHLO, MAIL FROM, RCPT TO, DATA, QUIT, nothing else (no STARTTLS, no AUTH).
 * `rcptReply` lets a test refuse the recipient; `silent` never greets (a hanging server).
 */
async function smtpServer(opts: { rcptReply?: string; silent?: boolean } = {}): Promise<{
  port: number;
  mails: Mail[];
  close: () => Promise<void>;
}> {
  const mails: Mail[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    if (opts.silent === true) return;
    const mail: Mail = { commands: [], data: '' };
    let buffer = '';
    let inData = false;
    const say = (line: string): void => {
      socket.write(`${line}\r\n`);
    };
    say('220 localhost ESMTP test');
    socket.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      if (buffer.length > 1_000_000) socket.destroy();
      for (;;) {
        if (inData) {
          const end = buffer.indexOf('\r\n.\r\n');
          if (end < 0) return;
          mail.data = buffer.slice(0, end);
          buffer = buffer.slice(end + 5);
          inData = false;
          mails.push(mail);
          say('250 2.0.0 queued');
          continue;
        }
        const eol = buffer.indexOf('\r\n');
        if (eol < 0) return;
        const line = buffer.slice(0, eol);
        buffer = buffer.slice(eol + 2);
        mail.commands.push(line);
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === 'EHLO') say('250 localhost');
        else if (verb === 'MAIL') say('250 2.1.0 ok');
        else if (verb === 'RCPT') say(opts.rcptReply ?? '250 2.1.5 ok');
        else if (verb === 'DATA') {
          inData = true;
          say('354 go ahead');
        } else if (verb === 'QUIT') {
          say('221 bye');
          socket.end();
          return;
        } else say('502 5.5.2 not implemented');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    mails,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => {
          resolve();
        });
      }),
  };
}

/** Undo quoted-printable (soft breaks and =XX) so links can be compared whole. */
const unQuote = (s: string): string =>
  Buffer.from(
    s
      .replace(/=\r\n/g, '')
      .replace(/=([0-9A-F]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16))),
    'latin1',
  ).toString('utf8');

const config = (port: number, extra: Record<string, unknown> = {}): EmailConfig =>
  notifySchema.parse({
    channels: [
      {
        name: 'mail',
        type: 'email',
        host: '127.0.0.1',
        port,
        from: 'gate@example.com',
        to: ['ann@example.com', 'bob@example.com'],
        timeoutMs: 2000,
        ...extra,
      },
    ],
  }).channels[0] as EmailConfig;

let smtp: Awaited<ReturnType<typeof smtpServer>> | undefined;
afterEach(async () => {
  await smtp?.close();
  smtp = undefined;
});

describe('email', () => {
  it('builds an ASCII subject and a plain body with the links (pinned)', () => {
    expect(emailContent(HIGH)).toEqual({
      subject: '[Portcullis] HIGH in staging: approval needed (apr_Q3b8ZtW1nc)',
      text: [
        '[Portcullis] HIGH in staging: kubectl delete deployment api -n staging — agent codex needs 1 approval (expires 14:05 UTC)',
        '',
        '• deletes a deployment',
        '• staging <shared> & busy',
        'Approval apr_Q3b8ZtW1nc',
        'Approve or deny here, or open the console to see the details.',
        '',
        'Approve: https://gate.example/a/apr_Q3b8ZtW1nc/approve?t=v1.ap',
        'Deny: https://gate.example/a/apr_Q3b8ZtW1nc/deny?t=v1.dn',
        'View: https://gate.example/a/apr_Q3b8ZtW1nc?t=v1.view',
        '',
      ].join('\n'),
    });
  });

  it('delivers over SMTP to every recipient, with the approval id and the view link', async () => {
    smtp = await smtpServer();
    await makeEmail(config(smtp.port)).send(CATASTROPHIC);
    expect(smtp.mails).toHaveLength(1);
    const mail = smtp.mails[0]!;
    expect(mail.commands.filter((c) => /^(MAIL|RCPT)/.test(c))).toEqual([
      'MAIL FROM:<gate@example.com>',
      'RCPT TO:<ann@example.com>',
      'RCPT TO:<bob@example.com>',
    ]);
    const split = mail.data.indexOf('\r\n\r\n');
    const [folded, body] = [mail.data.slice(0, split), mail.data.slice(split + 4)];
    const head = folded.replace(/\r\n(?=[ \t])/g, ''); // unfold long headers (RFC 5322 §2.2.3)
    expect(head).toContain(
      'Subject: [Portcullis] CATASTROPHIC in prod: approval needed (apr_7Hk2mQ9xLp)',
    );
    expect(head).toContain('X-Portcullis-Approval: apr_7Hk2mQ9xLp');
    const text = unQuote(body);
    expect(text).toContain('Open the console: https://gate.example/a/apr_7Hk2mQ9xLp?t=v1.view');
    expect(text).toContain('terraform destroy -auto-approve');
    expect(text).not.toContain('Approve:');
  });

  it('fails with the SMTP reply code when the server refuses', async () => {
    smtp = await smtpServer({ rcptReply: '550 5.1.1 mailbox unavailable' });
    const err = await makeEmail(config(smtp.port))
      .send(HIGH)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NotifyError);
    expect((err as NotifyError).code).toBe('notify/smtp');
    expect((err as NotifyError).status).toBe(550);
    expect((err as NotifyError).message).not.toContain('example.com');
  });

  it('times out on a server that never greets', async () => {
    smtp = await smtpServer({ silent: true });
    const started = Date.now();
    const err = await makeEmail(config(smtp.port, { timeoutMs: 200 }))
      .send(HIGH)
      .catch((e: unknown) => e);
    expect((err as NotifyError).code).toBe('notify/timeout');
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('stops when the caller aborts', async () => {
    smtp = await smtpServer({ silent: true });
    const err = await makeEmail(config(smtp.port))
      .send(HIGH, AbortSignal.timeout(50))
      .catch((e: unknown) => e);
    expect((err as NotifyError).code).toBe('notify/aborted');
  });
});
