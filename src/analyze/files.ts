/**
 * File-tool requests (Write, Edit, MultiEdit, apply_patch, write_file, fs_write ...): one action per path the
 * request touches. Changing an agent's hook or permission configuration or Portcullis' own files is a `self/*`
 * action (`self.ts`); other paths are judged as the fs model judges the same write or delete from a shell, with
 * places whose contents run later (git hooks, start-up files, crontabs) and system files raised to high.
 * Reads are free. Pure, never throws for ordinary input.
 */
import type { Action, Effect, Env } from './types.js';
import type { ActionRequest } from './request.js';
import { envFromPath } from './paths.js';
import { worseEnv } from './env.js';
import { protectedPath, selfAction } from './self.js';
import { GATE_SECRET_REASON, gateSecretPath } from './self-gate.js';
import { fileTarget, judgePath, runsLater, type FileOp } from './files-judge.js';
import { contentWeakenings, laterScript } from './files-content.js';
import { GrammarRequired, analyze } from './index.js';

type FileRequest = Extract<ActionRequest, { kind: 'file' }>;

/** More paths than any real patch touches: the rest are judged as one unknown. */
const MAX_PATHS = 256;

/** Portcullis' secrets: whoever reads them can sign tokens or approvals as the gate. */
const GATE_SECRETS =
  /(^|\/)(\.local\/share|\/var\/lib|\/etc)\/portcullis\/.*(key|secret|token|vault|\.pem$)/i;

function fileAction(
  req: FileRequest,
  init: {
    verb: string;
    effect: Effect;
    risk: Action['risk'];
    rule: string;
    target?: string;
    reason: string;
  },
  env: Env,
): Action {
  return {
    tool: 'file',
    verb: init.verb,
    effect: init.effect,
    risk: init.risk,
    targets: init.target === undefined ? [] : [init.target],
    env,
    reversible: init.risk === 'none' || init.risk === 'low',
    reasons: [`${req.tool}: ${init.reason}`],
    rule: init.rule,
    via: [],
  };
}

/** Reading is free, except the gate's credentials (session, database, keys). */
function readAction(req: FileRequest, text: string, path: string, env: Env): Action {
  const secret = gateSecretPath(text, req.cwd);
  if (secret !== undefined) {
    const init = { verb: 'read', effect: 'read', risk: 'high', rule: 'self/portcullis' } as const;
    return fileAction(req, { ...init, target: secret, reason: GATE_SECRET_REASON }, env);
  }
  if (GATE_SECRETS.test(path)) {
    const reason = `reads ${path}: with the gate's keys an agent can sign its own tokens or approvals`;
    const init = {
      verb: 'read',
      effect: 'read',
      risk: 'high',
      rule: 'self/portcullis-secrets',
    } as const;
    return fileAction(req, { ...init, target: path, reason }, env);
  }
  const init = { verb: 'read', effect: 'read', risk: 'none', rule: 'files/read' } as const;
  return fileAction(req, { ...init, target: path, reason: `reads ${path}` }, env);
}

/** The operation on each path: a move deletes its first path and writes the others. */
function opOf(req: FileRequest, index: number): FileOp | 'read' {
  if (req.op === 'move') return index === 0 ? 'move-source' : 'move-dest';
  return req.op;
}

/** Analyse a file-tool request: one action per path, plus what its content would do. */
export function analyzeFileRequest(req: FileRequest): Action[] {
  const cwdEnv = envFromPath(req.cwd);
  if (req.paths.length === 0) {
    return [
      fileAction(
        req,
        {
          verb: req.op,
          effect: req.op === 'read' ? 'read' : 'unknown',
          risk: req.op === 'read' ? 'none' : 'high',
          rule: req.op === 'read' ? 'files/read' : 'files/no-path',
          reason:
            req.op === 'read'
              ? 'reads files'
              : `${req.op} without a path: what it changes is not known`,
        },
        cwdEnv,
      ),
    ];
  }
  const actions: Action[] = [];
  for (const [i, text] of req.paths.slice(0, MAX_PATHS).entries()) {
    const op = opOf(req, i);
    const t = fileTarget(text, req.cwd);
    const path = t.info.path;
    const env = worseEnv(cwdEnv, envFromPath(path));
    if (op === 'read') {
      actions.push(readAction(req, text, path, env));
      continue;
    }
    const p = protectedPath(text, req.cwd);
    const effect: Effect = op === 'delete' ? 'delete' : 'write';
    if (p) {
      actions.push(selfAction(p, path, { tool: 'file', verb: req.op, effect, env, via: [] }));
      continue;
    }
    const v = judgePath(t, op);
    actions.push(
      fileAction(
        req,
        {
          verb: req.op,
          effect: v.effect ?? effect,
          risk: v.risk,
          rule: v.rule,
          target: path,
          reason: v.reason,
        },
        env,
      ),
    );
  }
  if (req.paths.length > MAX_PATHS) {
    actions.push(
      fileAction(
        req,
        {
          verb: req.op,
          effect: 'unknown',
          risk: 'high',
          rule: 'files/too-many',
          reason: `touches ${req.paths.length} paths; only the first ${MAX_PATHS} were judged`,
        },
        cwdEnv,
      ),
    );
  }
  // A patch carries every file's changes in one text: content is only judged for a single path.
  const only = req.paths.length === 1 ? req.paths[0] : undefined;
  if (only !== undefined && req.content !== undefined && req.op !== 'read' && req.op !== 'delete') {
    actions.push(...contentActions(req, only, req.content, cwdEnv));
  }
  return actions;
}

function contentActions(req: FileRequest, text: string, content: string, env: Env): Action[] {
  const path = fileTarget(text, req.cwd).info.path;
  const out = contentWeakenings(path, content).map((what) =>
    fileAction(
      req,
      {
        verb: `${req.op} content`,
        effect: 'write',
        risk: 'high',
        rule: 'files/tls-verify-off',
        target: path,
        reason: `the new content of ${path} turns off ${what} for every later command`,
      },
      env,
    ),
  );
  const later = runsLater(path);
  const script = later ? laterScript(later.rule, path, content) : undefined;
  if (script !== undefined && script.trim() !== '') {
    try {
      const inner = analyze({ command: script, cwd: req.cwd });
      for (const a of inner) out.push({ ...a, via: [`${req.op} ${path}`, ...a.via] });
    } catch (err) {
      // Without the shell grammar the script is not judged; the write itself is already high.
      if (!(err instanceof GrammarRequired)) throw err;
    }
  }
  return out;
}
