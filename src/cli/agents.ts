/**
 * Identities from the CLI: `agent add | list | revoke`, `token narrow | list | revoke`, `human add | list`.
 * A token or one-time password is printed once, when it is made: the gate keeps only what verifies it.
 */
import { UsageError } from './client.js';
import type { ScopeView, TokenIssued } from './client-schemas.js';
import { json, scopeText, table, when } from './gate-format.js';
import { GATE_EXIT, type Gate } from './gate-run.js';

/** Scope items (`env:dev`, `tool:kubectl,git`, `path:/srv/app`) to a scope; a bad item is a usage error. */
export async function scopeFromItems(items: readonly string[]): Promise<ScopeView> {
  const { parseScopeItems } = await import('../identity/scope.js');
  const { IdentityError } = await import('../identity/errors.js');
  try {
    return parseScopeItems(items);
  } catch (e) {
    if (e instanceof IdentityError) throw new UsageError(e.message);
    throw e;
  }
}

/** A name for an agent or human: what the gate accepts in a path segment and an audit actor. */
function checkName(what: string, name: string): string {
  if (!/^[A-Za-z0-9][A-Za-z0-9_.@-]{0,63}$/.test(name))
    throw new UsageError(
      `"${name}" is not a valid ${what} name (letters, digits, "_.@-", at most 64)`,
    );
  return name;
}

function printToken(g: Gate, issued: TokenIssued, what: string): void {
  const exp = issued.claims.exp !== undefined ? `, expires ${when(issued.claims.exp * 1000)}` : '';
  g.io.out(
    `${what}${exp}. The token is shown once; the gate cannot show it again:\n\n` +
      `  ${issued.token}\n\n` +
      `Give it to the agent through its environment, in the shell (or service) that starts it:\n\n` +
      `  export PORTCULLIS_TOKEN=${issued.token}\n\n` +
      `The hooks written by \`portcullis install <agent>\` send $PORTCULLIS_TOKEN to the gate, which then judges\n` +
      `the agent by its own name and scope. Narrow it for a sub-task: portcullis token narrow --scope ...\n`,
  );
}

/** `portcullis agent add NAME [--scope ITEM]... [--operator HUMAN] [--ttl 8h] [--json]`. */
export async function agentAdd(
  g: Gate,
  name: string,
  opts: { scope?: string[]; operator?: string; ttl?: string; json?: boolean },
): Promise<number> {
  const scope = await scopeFromItems(opts.scope ?? []);
  const res = await g.client.addAgent({
    name: checkName('agent', name),
    scope,
    ...(opts.operator !== undefined ? { operator: checkName('human', opts.operator) } : {}),
    ...(opts.ttl !== undefined ? { ttl: opts.ttl } : {}),
  });
  if (opts.json === true) {
    g.io.out(json(res));
    return GATE_EXIT.ok;
  }
  const operator = res.agent.operator !== undefined ? `, operator ${res.agent.operator}` : '';
  printToken(
    g,
    res,
    `agent ${res.agent.name} registered (scope ${scopeText(res.agent.scope)}${operator})`,
  );
  if (scopeText(res.agent.scope) === 'any')
    g.io.err(
      'note: no --scope: this agent may request any environment, tool and path the policy allows\n',
    );
  return GATE_EXIT.ok;
}

/** `portcullis agent list [--json]`. */
export async function agentList(g: Gate, opts: { json?: boolean }): Promise<number> {
  const r = await g.client.listAgents();
  if (opts.json === true) g.io.out(json(r));
  else if (r.agents.length === 0) g.io.out('no agents registered (portcullis agent add NAME)\n');
  else
    g.io.out(
      table(
        ['NAME', 'STATUS', 'OPERATOR', 'CREATED', 'SCOPE'],
        r.agents.map((a) => [
          a.name,
          a.revokedAt !== undefined ? 'revoked' : 'active',
          a.operator ?? '-',
          when(a.createdAt),
          scopeText(a.scope),
        ]),
        g.io.columns,
      ),
    );
  return GATE_EXIT.ok;
}

/** `portcullis agent revoke NAME`: every token of the agent stops working. */
export async function agentRevoke(g: Gate, name: string): Promise<number> {
  await g.client.revokeAgent(checkName('agent', name));
  g.io.out(`agent ${name} revoked: every one of its tokens is refused from now on\n`);
  return GATE_EXIT.ok;
}

/** `portcullis token narrow [--scope ITEM]... [--ttl 1h] [--token T]` (default: $PORTCULLIS_TOKEN). */
export async function tokenNarrow(
  g: Gate,
  opts: { scope?: string[]; ttl?: string; token?: string; json?: boolean },
): Promise<number> {
  const token = opts.token ?? g.io.env.PORTCULLIS_TOKEN;
  if (token === undefined || token === '')
    throw new UsageError('which token? pass --token T or set PORTCULLIS_TOKEN');
  const items = opts.scope ?? [];
  if (items.length === 0 && opts.ttl === undefined)
    throw new UsageError('narrow what? pass --scope ITEM (and/or --ttl)');
  const res = await g.client.narrowToken({
    token,
    scope: await scopeFromItems(items),
    ...(opts.ttl !== undefined ? { ttl: opts.ttl } : {}),
  });
  if (opts.json === true) g.io.out(json(res));
  else {
    const scope = res.claims.scope !== undefined ? ` (scope ${scopeText(res.claims.scope)})` : '';
    printToken(g, res, `narrowed token for ${res.claims.sub ?? 'the agent'}${scope}`);
  }
  return GATE_EXIT.ok;
}

/** `portcullis token list [--agent A] [--json]`. */
export async function tokenList(
  g: Gate,
  opts: { agent?: string; json?: boolean },
): Promise<number> {
  const r = await g.client.listTokens({ agent: opts.agent });
  if (opts.json === true) g.io.out(json(r));
  else if (r.tokens.length === 0) g.io.out('no tokens\n');
  else {
    const now = g.io.now();
    const status = (t: (typeof r.tokens)[number]): string =>
      t.revokedAt !== undefined
        ? 'revoked'
        : new Date(t.expiresAt).getTime() <= now
          ? 'expired'
          : 'active';
    g.io.out(
      table(
        ['JTI', 'AGENT', 'STATUS', 'ISSUED', 'EXPIRES', 'PARENT', 'SCOPE'],
        r.tokens.map((t) => [
          t.jti,
          t.agent,
          status(t),
          when(t.issuedAt),
          when(t.expiresAt),
          t.parent ?? '-',
          scopeText(t.scope),
        ]),
        g.io.columns,
      ),
    );
  }
  return GATE_EXIT.ok;
}

/** `portcullis token revoke JTI`. */
export async function tokenRevoke(g: Gate, jti: string): Promise<number> {
  await g.client.revokeToken(jti);
  g.io.out(`token ${jti} revoked\n`);
  return GATE_EXIT.ok;
}

/** `portcullis human add NAME [--role approver|admin] [--group G]...`: prints the one-time password. */
export async function humanAdd(
  g: Gate,
  name: string,
  opts: { role?: string; group?: string[]; json?: boolean },
): Promise<number> {
  const role = opts.role ?? 'approver';
  if (role !== 'approver' && role !== 'admin') throw new UsageError('--role is approver or admin');
  const groups = opts.group ?? [];
  for (const grp of groups) checkName('group', grp);
  const res = await g.client.addHuman({ name: checkName('human', name), role, groups });
  if (opts.json === true) {
    g.io.out(json(res));
    return GATE_EXIT.ok;
  }
  g.io.out(
    `${role} ${res.human.name} added${groups.length > 0 ? ` (groups ${groups.join(', ')})` : ''}.\n` +
      `One-time password (shown once; pass it on privately):\n\n  ${res.password}\n\n` +
      `They log in with \`portcullis login --name ${res.human.name}\` and must choose a new password at once.\n`,
  );
  return GATE_EXIT.ok;
}

/** `portcullis human list [--json]`. */
export async function humanList(g: Gate, opts: { json?: boolean }): Promise<number> {
  const r = await g.client.listHumans();
  if (opts.json === true) g.io.out(json(r));
  else
    g.io.out(
      table(
        ['NAME', 'ROLE', 'TOTP', 'STATUS', 'GROUPS'],
        r.humans.map((h) => [
          h.name,
          h.role,
          h.totp === true ? 'yes' : 'no',
          h.disabled === true
            ? 'disabled'
            : h.mustChangePassword === true
              ? 'must change password'
              : 'active',
          (h.groups ?? []).join(', ') || '-',
        ]),
        g.io.columns,
      ),
    );
  return GATE_EXIT.ok;
}
