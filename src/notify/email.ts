/**
 * Email over SMTP (nodemailer): the universal fallback. Plain text only, with the signed links written out;
 * mail clients make them tappable. The whole send is bounded by the channel's timeout, connection included.
 */
import nodemailer from 'nodemailer';
import { NotifyError, deadline, failure, type Notifier } from './channel.js';
import { clip, inlineLinks, plainText, title, type ApprovalNotice } from './message.js';
import type { EmailConfig } from './schema.js';

/** Subject and body of the mail for a notice. The subject stays ASCII, so it is never MIME-encoded. */
export function emailContent(n: ApprovalNotice): { subject: string; text: string } {
  const inline = inlineLinks(n);
  const links =
    inline === undefined
      ? [`Open the console: ${n.links.view}`]
      : [`Approve: ${inline.approve}`, `Deny: ${inline.deny}`, `View: ${n.links.view}`];
  return {
    subject: `[Portcullis] ${title(n)} (${clip(n.approvalId, 64)})`,
    text: [plainText(n), '', ...links, ''].join('\n'),
  };
}

function smtpFailure(channel: string, err: unknown): NotifyError {
  // nodemailer's messages quote the server's replies, which may echo addresses or credentials: code only.
  const e = err as { code?: unknown; responseCode?: unknown };
  const code = typeof e.code === 'string' ? e.code : 'error';
  const status = typeof e.responseCode === 'number' ? e.responseCode : undefined;
  const detail = `SMTP ${code}${status === undefined ? '' : ` ${status}`}`;
  return new NotifyError('notify/smtp', channel, detail, status);
}

/** An SMTP email channel. One connection per notice: approvals are rare, and a pool would hold sockets open. */
export function makeEmail(cfg: EmailConfig): Notifier {
  return {
    name: cfg.name,
    type: 'email',
    risks: cfg.risks,
    stage: cfg.stage,
    async send(n, signal) {
      const d = deadline(cfg.timeoutMs, signal);
      const transport = nodemailer.createTransport({
        host: cfg.host,
        port: cfg.port,
        secure: cfg.secure,
        requireTLS: cfg.requireTLS,
        ...(cfg.user !== undefined && cfg.pass !== undefined
          ? { auth: { user: cfg.user, pass: cfg.pass } }
          : {}),
        connectionTimeout: cfg.timeoutMs,
        greetingTimeout: cfg.timeoutMs,
        socketTimeout: cfg.timeoutMs,
      });
      const { subject, text } = emailContent(n);
      let onAbort: (() => void) | undefined;
      const aborted = new Promise<never>((_resolve, reject) => {
        onAbort = () => {
          reject(failure(cfg.name, d.signal.reason, d.timedOut(), signal?.aborted === true));
        };
        if (d.signal.aborted) onAbort();
        else d.signal.addEventListener('abort', onAbort, { once: true });
      });
      try {
        await Promise.race([
          transport.sendMail({
            from: cfg.from,
            to: cfg.to,
            subject,
            text,
            headers: { 'X-Portcullis-Approval': clip(n.approvalId, 64) },
          }),
          aborted,
        ]);
      } catch (err) {
        if (err instanceof NotifyError) throw err;
        throw smtpFailure(cfg.name, err);
      } finally {
        if (onAbort !== undefined) d.signal.removeEventListener('abort', onAbort);
        transport.close();
      }
    },
  };
}
