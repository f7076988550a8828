/** The analyzer's findings, one card per action: what, where, how it was reached, why, and which rule said so. */
import { EnvChip, RiskBadge } from './format.js';
import type { Action, Decision } from './types.js';

export function ActionList({ actions }: { actions: readonly Action[] }) {
  if (actions.length === 0)
    return <p class="muted">The analyzer found no action in this request.</p>;
  return (
    <ol class="actions">
      {actions.map((a, i) => (
        <li key={i} class="action">
          <div class="row-meta">
            <RiskBadge risk={a.risk} />
            <EnvChip env={a.env} />
            <strong>
              {a.tool} {a.verb}
            </strong>
            <span class="muted">
              {a.effect}
              {a.reversible ? '' : ', irreversible'}
            </span>
          </div>
          <dl class="facts">
            <dt>Targets</dt>
            <dd>
              {a.targets.length > 0 ? (
                <ul class="inline">
                  {a.targets.map((t) => (
                    <li key={t}>
                      <code>{t}</code>
                    </li>
                  ))}
                </ul>
              ) : (
                <span class="muted">none named</span>
              )}
            </dd>
            <dt>Via</dt>
            <dd>
              {a.via.length > 0 ? (
                <span class="via">
                  {a.via.map((v) => (
                    <code key={v}>{v}</code>
                  ))}
                </span>
              ) : (
                <span class="muted">run directly</span>
              )}
            </dd>
            <dt>Why</dt>
            <dd>
              <ul>
                {a.reasons.map((r) => (
                  <li key={r}>{r}</li>
                ))}
              </ul>
            </dd>
            <dt>Rule</dt>
            <dd>
              <code>{a.rule}</code>
            </dd>
          </dl>
        </li>
      ))}
    </ol>
  );
}

/** The policy's verdict line: verdict, risk, the deciding rule and its reasons. */
export function DecisionSummary({ d }: { d: Decision }) {
  return (
    <div class="decision">
      <div class="row-meta">
        <span class={`badge verdict-${d.verdict}`}>{d.verdict}</span>
        <RiskBadge risk={d.risk} />
        <span>
          decided by <code>{d.rule}</code>
        </span>
        {d.approvals && (
          <span class="muted">
            needs {d.approvals.required} approval{d.approvals.required === 1 ? '' : 's'}
            {d.approvals.approverGroups ? ` from ${d.approvals.approverGroups.join(' or ')}` : ''}
          </span>
        )}
        {d.shadowVerdict && <span class="muted">shadow mode: would {d.shadowVerdict}</span>}
      </div>
      {d.reasons.length > 0 && (
        <ul>
          {d.reasons.map((r) => (
            <li key={r}>{r}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
