import { describe, expect, it } from 'vitest';
import { MAX_STRING, isSecretKey, redact, redactKnown, redactString } from './redact.js';

// Fake credentials: the right shape, never real. Built from parts so secret scanners don't flag this file.
const AKIA = 'AKIA' + 'IOSFODNN7EXAMPLE';
const AWS_SECRET = 'wJalrXUtnFEMI/K7MDENG/' + 'bPxRfiCYEXAMPLEKEY';
const GHP = 'ghp_' + 'a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8';
const PAT = 'github_pat_' + '11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz';
const XOXB = 'xoxb-' + '1234567890-0987654321-AbCdEfGhIjKlMnOp';
const JWT =
  'eyJhbGciOiJIUzI1NiJ9.' +
  'eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U';
const PEM = [
  '-----BEGIN RSA PRIVATE KEY-----',
  'MIIEow',
  'AAAA',
  '-----END RSA PRIVATE KEY-----',
].join('\n');

describe('redactString', () => {
  const cases: [string, string][] = [
    // Left alone: nothing secret, the command stays as it was.
    ['kubectl get pods -n prod', 'kubectl get pods -n prod'],
    ['git push origin main', 'git push origin main'],
    ['mysql --password -u root', 'mysql --password -u root'],
    ['docker login --password-stdin', 'docker login --password-stdin'],
    ['echo $GITHUB_TOKEN', 'echo $GITHUB_TOKEN'],
    ['curl -H "Authorization: Bearer $TOKEN" x', 'curl -H "Authorization: Bearer $TOKEN" x'],
    ['ssh git@github.com:org/repo.git', 'ssh git@github.com:org/repo.git'],
    ['https://example.com:8443/path', 'https://example.com:8443/path'],
    ['PWD=/home/alice make', 'PWD=/home/alice make'],
    ['Bearer tokens expire', 'Bearer tokens expire'],
    ['mysql --password="$DB_PW" db', 'mysql --password="$DB_PW" db'],
    ['TOKEN="${T}" run', 'TOKEN="${T}" run'],
    ['mysql --password=$DB_PW db', 'mysql --password=$DB_PW db'],
    ['API_KEY=$(pass show api) run', 'API_KEY=$(pass show api) run'],
    // Cloud and service tokens.
    [
      `aws configure set aws_access_key_id ${AKIA}`,
      'aws configure set aws_access_key_id [REDACTED]',
    ],
    ['ASIAY34FZKBOKMUTVV7A is temporary', '[REDACTED] is temporary'],
    [`aws_secret_access_key=${AWS_SECRET}`, 'aws_secret_access_key=[REDACTED]'],
    [`aws_secret_access_key = ${AWS_SECRET}`, 'aws_secret_access_key = [REDACTED]'],
    [`git clone https://${GHP}@github.com/o/r`, 'git clone https://[REDACTED]@github.com/o/r'],
    [`gh auth login --with-token ${PAT}`, 'gh auth login --with-token [REDACTED]'],
    [`export SLACK=${XOXB}`, 'export SLACK=[REDACTED]'],
    [`curl -d token=${JWT} x`, 'curl -d token=[REDACTED] x'],
    [`jwt ${JWT}`, 'jwt [REDACTED]'],
    // Headers.
    [
      'curl -H "Authorization: Bearer abcdef123456" x',
      'curl -H "Authorization: Bearer [REDACTED]" x',
    ],
    [
      "curl -H 'authorization: Basic dXNlcjpwYXNz' x",
      "curl -H 'authorization: Basic [REDACTED]' x",
    ],
    ['curl -H "Authorization: abcdef" x', 'curl -H "Authorization: [REDACTED]" x'],
    ['wget --header=Bearer\tabcdefgh12345678 x', 'wget --header=Bearer\t[REDACTED] x'],
    // PEM blocks, terminated or cut off.
    [`cat <<EOF > k\n${PEM}\nEOF`, 'cat <<EOF > k\n[REDACTED]\nEOF'],
    ['-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXkt', '[REDACTED]'],
    ['-----BEGIN PUBLIC KEY-----\nMCow', '-----BEGIN PUBLIC KEY-----\nMCow'],
    // Passwords in URLs: the user stays.
    ['psql postgres://app:s3cr3t@db:5432/prod', 'psql postgres://app:[REDACTED]@db:5432/prod'],
    ['redis-cli -u redis://:hunter2@cache:6379', 'redis-cli -u redis://:[REDACTED]@cache:6379'],
    [
      'mongosh mongodb+srv://u:p%40ss@c0.x.net/db',
      'mongosh mongodb+srv://u:[REDACTED]@c0.x.net/db',
    ],
    // Password flags and variables (mysql's -pSECRET is deliberately not guessed at).
    ['mysql --password=hunter2 -h db', 'mysql --password=[REDACTED] -h db'],
    ['docker login --password hunter2 reg', 'docker login --password [REDACTED] reg'],
    ["cli --token 'a b c' --x", 'cli --token [REDACTED] --x'],
    ['mysql -phunter2 db', 'mysql -phunter2 db'],
    ['PGPASSWORD=hunter2 psql -h db', 'PGPASSWORD=[REDACTED] psql -h db'],
    ['MYSQL_PWD="hunter 2" mysql', 'MYSQL_PWD=[REDACTED] mysql'],
    ['GITHUB_TOKEN=abc123 gh pr list', 'GITHUB_TOKEN=[REDACTED] gh pr list'],
    ['export STRIPE_SECRET=sk_live_x; run', 'export STRIPE_SECRET=[REDACTED]; run'],
    [
      'DB_PASSWORD=x OPENAI_API_KEY=sk-y node app',
      'DB_PASSWORD=[REDACTED] OPENAI_API_KEY=[REDACTED] node app',
    ],
    [
      'curl "https://x/cb?access_token=abc&state=1"',
      'curl "https://x/cb?access_token=[REDACTED]&state=1"',
    ],
    ['curl -d "user=bob&password=hunter2"', 'curl -d "user=bob&password=[REDACTED]"'],
    // JSON bodies inside a command.
    [
      `curl -d '{"user":"bob","password":"hu\\"nter2"}' x`,
      `curl -d '{"user":"bob","password":"[REDACTED]"}' x`,
    ],
    [
      `curl -d '{"client_secret": "abc", "n": 1}'`,
      `curl -d '{"client_secret": "[REDACTED]", "n": 1}'`,
    ],
  ];
  it.each(cases)('%j', (input, expected) => {
    expect(redactString(input)).toBe(expected);
  });

  it.each(cases)('is idempotent on %j', (input) => {
    const once = redactString(input);
    expect(redactString(once)).toBe(once);
  });

  it('cuts long strings with a marker and still redacts what it keeps', () => {
    const long = `PGPASSWORD=x ${'a'.repeat(MAX_STRING)}`;
    const out = redactString(long);
    expect(out.startsWith('PGPASSWORD=[REDACTED] aaa')).toBe(true);
    expect(out.endsWith('…[TRUNCATED 13 chars]')).toBe(true);
  });

  // Each is a worst case for one rule (a pattern rescanned from every start would take seconds to minutes).
  const hostile: [string, string][] = [
    ['URL schemes', 'a://'.repeat(64_000)],
    ['URL users', 'a://b:'.repeat(40_000)],
    ['long URL credentials', `x://${'u'.repeat(100_000)}:${'p'.repeat(100_000)}`],
    ['PEM headers', '-----BEGIN PRIVATE KEY-----'.repeat(9_000)],
    ['PEM near-ends', '-----BEGIN PRIVATE KEY-----' + '-----END X'.repeat(25_000)],
    ['JWT starts joined by -', 'eyJ-'.repeat(64_000)],
    ['JWT starts', 'eyJ'.repeat(80_000)],
    ['JSON members', '"password":"'.repeat(21_000)],
    ['JSON long value', `"${'a'.repeat(60)}password": "${'x'.repeat(100_000)}`],
    ['assignments', 'A_KEY='.repeat(40_000)],
    ['flags', '--password '.repeat(23_000)],
    ['headers', 'authorization: '.repeat(17_000)],
    ['bearers', 'Bearer '.repeat(36_000)],
    ['slack starts', 'xoxb-'.repeat(50_000)],
  ];
  it.each(hostile)('runs in bounded time on %s', (_name, text) => {
    const started = performance.now();
    redactString(text);
    expect(performance.now() - started).toBeLessThan(500);
  });
});

describe('redactKnown', () => {
  const cases: [string, string, string[], string][] = [
    ['exact value', 'run --with s3cret-value now', ['s3cret-value'], 'run --with [REDACTED] now'],
    ['every occurrence', 'abcd/abcd', ['abcd'], '[REDACTED]/[REDACTED]'],
    ['short values ignored', 'a ab abc', ['ab', 'abc'], 'a ab abc'],
    ['longest first', 'key=longsecret', ['long', 'longsecret'], 'key=[REDACTED]'],
    ['no secrets', 'plain', [], 'plain'],
  ];
  it.each(cases)('%s', (_name, text, secrets, expected) => {
    expect(redactKnown(text, secrets)).toBe(expected);
  });
});

describe('isSecretKey', () => {
  const secret = [
    'password',
    'PASSWORD',
    'db_password',
    'passwd',
    'clientSecret',
    'client_secret',
    'refresh_token',
    'X-Api-Key',
    'api_key',
    'apikey',
    'Authorization',
    'Set-Cookie',
    'private_key',
    'totpSecret',
    'totp',
    'auth',
    'otp',
    'csrf',
  ];
  const notSecret = [
    'author',
    'command',
    'cwd',
    'pwd',
    'fingerprint',
    'jti',
    'scope',
    'spinner',
    'keyboard',
  ];
  it.each(secret)('%s is secret', (key) => {
    expect(isSecretKey(key)).toBe(true);
  });
  it.each(notSecret)('%s is not', (key) => {
    expect(isSecretKey(key)).toBe(false);
  });
});

describe('redact', () => {
  it('replaces secret members and secrets inside strings, deeply, without touching the input', () => {
    const input = {
      command: 'PGPASSWORD=hunter2 psql -h db',
      env: { PGPASSWORD: 'hunter2', HOME: '/home/a' },
      headers: [{ Authorization: 'Bearer abc' }, { 'content-type': 'json' }],
      token: { jti: 'x', value: 'y' },
      totpRequired: true,
      password: null,
      apiKey: 12345,
      note: 'seen user alice',
    };
    const copy = structuredClone(input);
    expect(redact(input)).toEqual({
      command: 'PGPASSWORD=[REDACTED] psql -h db',
      env: { PGPASSWORD: '[REDACTED]', HOME: '/home/a' },
      headers: [{ Authorization: '[REDACTED]' }, { 'content-type': 'json' }],
      token: '[REDACTED]',
      totpRequired: true,
      password: null,
      apiKey: '[REDACTED]',
      note: 'seen user alice',
    });
    expect(input).toEqual(copy);
  });

  it('applies known secrets everywhere, member names included', () => {
    expect(redact({ a: ['x vault-pw-1 y'], 'vault-pw-1': 1 }, { known: ['vault-pw-1'] })).toEqual({
      a: ['x [REDACTED] y'],
      '[REDACTED]': 1,
    });
  });

  it('gives a JSON-safe copy of odd values', () => {
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = cyclic;
    const throwing = {
      get boom(): string {
        throw new Error('no');
      },
    };
    const out = redact({
      nan: NaN,
      inf: -Infinity,
      big: 10n,
      fn: () => 1,
      sym: Symbol('s'),
      undef: undefined,
      arr: [undefined, () => 1, 2],
      date: new Date(0),
      bad: new Date(NaN),
      url: new URL('https://u:pw@h/x'),
      err: new Error('PGPASSWORD=x failed'),
      map: new Map<unknown, unknown>([
        [1, 'one'],
        ['secret', 's'],
      ]),
      set: new Set([1, 2]),
      cyclic,
      throwing,
    });
    expect(out).toEqual({
      nan: null,
      inf: null,
      big: '10',
      arr: [null, null, 2],
      date: '1970-01-01T00:00:00.000Z',
      bad: null,
      url: 'https://u:[REDACTED]@h/x',
      err: { name: 'Error', message: 'PGPASSWORD=[REDACTED] failed' },
      map: { '1': 'one', secret: '[REDACTED]' },
      set: [1, 2],
      cyclic: { a: 1, self: '[CIRCULAR]' },
      throwing: '[UNSERIALISABLE]',
    });
  });

  it('keeps __proto__ as data', () => {
    const out = redact(JSON.parse('{"__proto__":{"polluted":true}}')) as Record<string, unknown>;
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(Object.keys(out)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('bounds depth and size', () => {
    let deep: unknown = 'bottom';
    for (let i = 0; i < 100; i++) deep = [deep];
    let out = redact(deep);
    let depth = 0;
    while (Array.isArray(out)) {
      out = out[0];
      depth++;
    }
    expect([depth, out]).toEqual([32, '[TOO DEEP]']);
    const wide = redact(Array.from({ length: 30_000 }, (_, i) => i)) as unknown[];
    expect(wide.length).toBe(30_000);
    expect(wide.at(-1)).toBe('[TRUNCATED]');
    expect(wide[19_998]).toBe(19_998);
  });
});
