/**
 * `/metrics` in the Prometheus text format (0.0.4): decisions by verdict, how long `decide` takes, pending
 * approvals and HTTP answers by status. Counted in memory per replica; Prometheus sums replicas itself.
 */

/** Upper bounds (seconds) of the `portcullis_decide_seconds` histogram. */
export const DECIDE_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1] as const;

const VERDICTS = ['allow', 'ask', 'deny'] as const;

export class Metrics {
  private readonly decisions = new Map<string, number>(VERDICTS.map((v) => [v, 0]));
  private readonly http = new Map<string, number>();
  private readonly buckets: number[] = DECIDE_BUCKETS.map(() => 0);
  private decideCount = 0;
  private decideSum = 0;

  /** One `/v1/decide` answered with `verdict`; `seconds` is left out when the caller asked to wait for humans. */
  decision(verdict: string, seconds?: number): void {
    this.decisions.set(verdict, (this.decisions.get(verdict) ?? 0) + 1);
    if (seconds === undefined) return;
    this.decideCount += 1;
    this.decideSum += seconds;
    DECIDE_BUCKETS.forEach((le, i) => {
      if (seconds <= le) this.buckets[i] = (this.buckets[i] ?? 0) + 1;
    });
  }

  /** One HTTP answer with `status`. */
  request(status: number): void {
    const k = String(status);
    this.http.set(k, (this.http.get(k) ?? 0) + 1);
  }

  /** The exposition text; `pending` is read from the store at scrape time. */
  render(pending: number): string {
    const out: string[] = [
      '# HELP portcullis_decisions_total Decisions answered by /v1/decide, by verdict.',
      '# TYPE portcullis_decisions_total counter',
    ];
    for (const [v, n] of this.decisions)
      out.push(`portcullis_decisions_total{verdict="${v}"} ${n}`);
    out.push(
      '# HELP portcullis_pending_approvals Approval requests waiting for a human.',
      '# TYPE portcullis_pending_approvals gauge',
      `portcullis_pending_approvals ${pending}`,
      '# HELP portcullis_decide_seconds Time to answer /v1/decide (without waiting for humans).',
      '# TYPE portcullis_decide_seconds histogram',
    );
    DECIDE_BUCKETS.forEach((le, i) => {
      out.push(`portcullis_decide_seconds_bucket{le="${le}"} ${this.buckets[i] ?? 0}`);
    });
    out.push(
      `portcullis_decide_seconds_bucket{le="+Inf"} ${this.decideCount}`,
      `portcullis_decide_seconds_sum ${this.decideSum}`,
      `portcullis_decide_seconds_count ${this.decideCount}`,
      '# HELP portcullis_http_requests_total HTTP answers, by status code.',
      '# TYPE portcullis_http_requests_total counter',
    );
    for (const [code, n] of [...this.http].sort(([a], [b]) => a.localeCompare(b))) {
      out.push(`portcullis_http_requests_total{code="${code}"} ${n}`);
    }
    return `${out.join('\n')}\n`;
  }
}
