/**
 * nftables (nft). Flushing the rule set or deleting a table/chain opens the firewall; a
 * default-drop chain or a match-everything drop rule locks out remote access; one rule for one port
 * is an intended change.
 */
import type { Action } from '../types.js';
import type { Invocation, ToolContext } from '../model.js';
import { has, parseArgs, value } from '../args.js';
import { finding, readOnly, type Finding } from './system-common.js';
import { sshPort, worst } from './network-firewall.js';

/**
 * Tokens of nft statements: `;`, `{` and `}` are their own tokens; statements split on `;` and
 * newlines.
 */
function nftStatements(text: string): string[][] {
  const out: string[][] = [];
  for (const stmt of text.split(/[;\n]/)) {
    const toks = stmt
      .replace(/[{}]/g, ' ')
      .split(/\s+/)
      .filter((t) => t.length > 0);
    if (toks.length > 0) out.push(toks);
  }
  return out;
}

/** Judge nft statements (a chain body's `policy drop` arrives as its own statement). */
function judgeNft(text: string): Finding {
  const found: Finding[] = [];
  let hookChain = '';
  for (const t of nftStatements(text)) {
    const [verb = '', obj = ''] = t;
    const target = obj === 'ruleset' ? 'ruleset' : t.slice(2, 5).join(' ');
    if (/^(flush|delete|destroy)$/.test(verb) && /^(ruleset|table|chain)$/.test(obj)) {
      found.push({
        verb: `nft ${verb} ${obj}`,
        risk: 'high',
        effect: 'delete',
        rule: 'network/firewall-flush',
        targets: [target],
        reasons: [`${verb} ${obj}: the rules in it stop filtering traffic`],
      });
      continue;
    }
    if (
      /^(add|create|insert|replace|chain|type)$/.test(verb) &&
      (obj === 'chain' || verb === 'type')
    ) {
      const hook = t[t.indexOf('hook') + 1];
      if (hook && t.includes('hook')) hookChain = hook;
    }
    const policyAt = t.indexOf('policy');
    if (
      policyAt >= 0 &&
      /^(drop|reject)$/.test(t[policyAt + 1] ?? '') &&
      /^(input|forward|output|)$/.test(hookChain)
    ) {
      found.push({
        verb: 'nft policy drop',
        risk: 'high',
        effect: 'write',
        rule: 'network/firewall-lockout',
        targets: [hookChain || 'chain'],
        reasons: ['a default-drop chain without an SSH accept rule locks out remote access'],
      });
      continue;
    }
    if (/^(add|insert|replace)$/.test(verb) && obj === 'rule') {
      // The family is optional: `add rule inet filter input ...` or `add rule filter input ...`.
      const at = /^(ip|ip6|inet|arp|bridge|netdev)$/.test(t[2] ?? '') ? 4 : 3;
      const chain = (t[at] ?? '').toLowerCase();
      const body = t
        .slice(at + 1)
        .filter(
          (w, i, all) =>
            !/^(counter|log|handle|position|index)$/.test(w) &&
            !/^(handle|position|index|comment|prefix)$/.test(all[i - 1] ?? '') &&
            w !== 'comment',
        );
      const verdict = body[body.length - 1] ?? '';
      const matches = body.slice(0, -1);
      const ssh = matches.some((w, i) => w === 'dport' && sshPort(matches[i + 1] ?? ''));
      if (
        /^(drop|reject)$/.test(verdict) &&
        /input|forward|output/.test(chain) &&
        (matches.length === 0 || ssh)
      ) {
        found.push({
          verb: 'nft drop rule',
          risk: 'high',
          effect: 'write',
          rule: 'network/firewall-lockout',
          targets: [target],
          reasons: [
            ssh
              ? 'drops SSH: remote access is cut'
              : 'drops all traffic on the chain: remote access is cut',
          ],
        });
      } else if (verdict === 'accept' && /input|forward/.test(chain) && matches.length === 0) {
        found.push({
          verb: 'nft accept all',
          risk: 'high',
          effect: 'write',
          rule: 'network/firewall-open',
          targets: [target],
          reasons: ['accepts every packet: the firewall no longer filters anything'],
        });
      } else {
        found.push({
          verb: `nft ${verb} rule`,
          risk: 'low',
          rule: 'network/firewall-rule',
          targets: [target],
          reasons: ['adds one rule'],
        });
      }
      continue;
    }
    if (/^(list|describe|monitor|export)$/.test(verb)) {
      found.push({
        verb: `nft ${verb}`,
        risk: 'none',
        rule: 'network/read',
        targets: [target],
        reasons: ['read-only'],
      });
    } else {
      found.push({
        verb: `nft ${verb} ${obj}`,
        risk: 'low',
        rule: 'network/firewall-rule',
        targets: [target],
        reasons: ['a recoverable firewall change'],
      });
    }
  }
  return (
    worst(found) ?? { verb: 'nft', risk: 'none', rule: 'network/read', reasons: ['nothing to do'] }
  );
}

/** `nft [opts] STATEMENTS` / `nft -f FILE`. */
export function nft(inv: Invocation, ctx: ToolContext): Action[] {
  const tool = 'nft';
  const p = parseArgs(inv.args, {
    value: ['-f', '--file', '-I', '--includepath', '-D', '--define', '-T', '--numeric-time'],
  });
  if (has(p, '-h', '--help', '-v', '--version', '-V', '-c', '--check')) {
    return [readOnly(ctx, tool, 'check', 'network/read', 'only checks or prints: nothing changes')];
  }
  const file = value(p, '-f', '--file');
  if (file !== undefined) {
    if ((file === '-' || file === '/dev/stdin') && inv.stdin?.kind === 'text') {
      return [finding(ctx, tool, { ...judgeNft(inv.stdin.text), env: ctx.envOf() })];
    }
    return [
      finding(ctx, tool, {
        verb: 'nft -f',
        risk: 'low',
        rule: 'network/firewall-restore',
        targets: [file],
        env: ctx.envOf(),
        reasons: [`loads the rule set in ${file}`],
      }),
    ];
  }
  if (has(p, '-i', '--interactive')) {
    return [
      finding(ctx, tool, {
        verb: 'nft -i',
        risk: 'low',
        rule: 'network/firewall-rule',
        reasons: ['interactive nft shell'],
      }),
    ];
  }
  return [finding(ctx, tool, { ...judgeNft(p.positionals.join(' ')), env: ctx.envOf() })];
}
