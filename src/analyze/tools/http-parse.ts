/**
 * Reading HTTP client command lines (curl, wget, httpie/https, xh, curlie) into one request shape: method,
 * URLs, bodies, the local files whose contents are sent, and the files written.
 */
import type { Word } from '../model.js';
import { parseArgs, has, value, values } from '../args.js';

/** A word list written compactly, several names per line: `list('-c --command', '-d --dbname')`. */
export function list(...lines: string[]): string[] {
  return lines.join(' ').split(/\s+/).filter(Boolean);
}

export interface HttpRequest {
  tool: string;
  /** Method given explicitly (-X, --method, httpie's METHOD), upper-cased. */
  method: string | undefined;
  /** Method implied by the other options when none is given. */
  implied: string;
  urls: Word[];
  /** Local files whose contents are sent, with the option that sends them. */
  uploads: Array<{ path: string; how: string; secret?: string }>;
  /** Inline request bodies (for GraphQL mutations and the like). */
  bodies: string[];
  /** The body is read from stdin (`-d @-`, `-T -`, httpie with piped input). */
  stdinBody: boolean;
  /** Files written locally (-o, -O, --output-document). */
  outputs: string[];
  /** Only prints the request (httpie --offline). */
  offline: boolean;
  /** FTP/SFTP commands sent with curl -Q. */
  quote: string[];
  unixSocket: string | undefined;
}

const CURL_VALUE = list(
  '-d --data --data-raw --data-binary --data-ascii --data-urlencode --json -F --form',
  '--form-string -T --upload-file -X --request -H --header -o --output -u --user -A --user-agent',
  '-e --referer -b --cookie -c --cookie-jar -K --config -x --proxy -U --proxy-user -m --max-time',
  '--connect-timeout -w --write-out -r --range -C --continue-at -E --cert --key --cacert',
  '--capath --url --resolve --connect-to --retry --retry-delay --retry-max-time -Y --speed-limit',
  '-y --speed-time --limit-rate --max-filesize --interface --dns-servers --unix-socket',
  '--abstract-unix-socket --oauth2-bearer --aws-sigv4 --output-dir --create-file-mode -z',
  '--time-cond --trace --trace-ascii --stderr -D --dump-header --local-port -P --ftp-port -Q',
  '--quote --mail-from --mail-rcpt --expect100-timeout --variable --url-query --proto',
  '--proto-redir --request-target --hostpubmd5 --hostpubsha256 --pubkey --noproxy --max-redirs',
  '--socks5 --socks5-hostname --socks4 --socks4a --tls-max --ciphers --curves --engine --pass',
  '--preproxy --etag-save --etag-compare --netrc-file --parallel-max --rate --proxy-header',
  '--cert-type --key-type --alt-svc --hsts --doh-url --keepalive-time',
  '--happy-eyeballs-timeout-ms --sasl-authzid --service-name --login-options --krb --ftp-method',
  '--ftp-account --tlsuser --tlspassword --proxy-cacert --proxy-cert --proxy-key --delegation',
  '--ip-tos --vlan-priority',
);

/** A positional that is a URL or host rather than a stray option value. */
function urlLike(w: Word): boolean {
  return w.dynamic || /[./:]/.test(w.text) || /^localhost\b/.test(w.text);
}

function wordOf(words: readonly Word[], text: string): Word {
  return words.find((w) => w.text === text) ?? { text, dynamic: false };
}

/** curl (and curlie's curl options). */
export function parseCurl(tool: string, words: readonly Word[]): HttpRequest {
  const args = words.map((w) => w.text);
  const p = parseArgs(args, { value: CURL_VALUE });
  const uploads: HttpRequest['uploads'] = [];
  const bodies: string[] = [];
  let stdinBody = false;
  for (const opt of ['-d', '--data', '--data-binary', '--data-ascii', '--json']) {
    for (const v of p.opts.get(opt) ?? []) {
      if (v.startsWith('@')) {
        if (v === '@-') stdinBody = true;
        else uploads.push({ path: v.slice(1), how: `${opt} @` });
      } else bodies.push(v);
    }
  }
  bodies.push(...values(p, '--data-raw'));
  for (const v of values(p, '--data-urlencode')) {
    const at = v.indexOf('@');
    const eq = v.indexOf('=');
    if (at >= 0 && (eq < 0 || at < eq))
      uploads.push({ path: v.slice(at + 1), how: '--data-urlencode' });
    else bodies.push(v);
  }
  for (const v of values(p, '-F', '--form')) {
    const m = /^[^=]*=([@<])([^;]*)/.exec(v);
    if (m) {
      if (m[2] === '-') stdinBody = true;
      else uploads.push({ path: m[2] ?? '', how: `-F ${m[1] ?? ''}` });
    } else bodies.push(v);
  }
  for (const v of values(p, '-T', '--upload-file')) {
    if (v === '-' || v === '.') stdinBody = true;
    else uploads.push({ path: v, how: '-T' });
  }
  const hasData = bodies.length > 0 || uploads.some((u) => u.how !== '-T') || stdinBody;
  const upload = has(p, '-T', '--upload-file');
  const implied = has(p, '-I', '--head')
    ? 'HEAD'
    : has(p, '-G', '--get')
      ? 'GET'
      : upload
        ? 'PUT'
        : hasData
          ? 'POST'
          : 'GET';
  const outputs = values(p, '-o', '--output').filter((o) => o !== '-' && o !== '/dev/null');
  const urls = [...values(p, '--url'), ...p.positionals].map((t) => wordOf(words, t));
  return {
    tool,
    method: value(p, '-X', '--request')?.toUpperCase(),
    implied,
    urls: urls.filter(urlLike),
    uploads,
    bodies,
    stdinBody,
    outputs,
    offline: false,
    quote: values(p, '-Q', '--quote'),
    unixSocket: value(p, '--unix-socket', '--abstract-unix-socket'),
  };
}

const WGET_VALUE = list(
  '-O --output-document -o --output-file -a --append-output -i --input-file -P',
  '--directory-prefix --method --body-data --body-file --post-data --post-file --header --user',
  '--password --http-user --http-password -U --user-agent -t --tries -T --timeout -w --wait -l',
  '--level -A --accept -R --reject -D --domains --exclude-domains -e --execute --limit-rate',
  '--load-cookies --save-cookies --ca-certificate --certificate --private-key --referer -Q',
  '--quota --bind-address --proxy-user --proxy-password --restrict-file-names -X',
  '--exclude-directories -I --include-directories --cut-dirs -B --base --config --progress',
  '--max-redirect --secure-protocol --ciphers --default-page --read-timeout --dns-timeout',
  '--connect-timeout --waitretry --use-askpass',
);

/** wget. */
export function parseWget(tool: string, words: readonly Word[]): HttpRequest {
  const p = parseArgs(
    words.map((w) => w.text),
    { value: WGET_VALUE },
  );
  const uploads = [
    ...values(p, '--post-file').map((path) => ({ path, how: '--post-file' })),
    ...values(p, '--body-file').map((path) => ({ path, how: '--body-file' })),
  ];
  const bodies = values(p, '--post-data', '--body-data');
  const out = value(p, '-O', '--output-document');
  return {
    tool,
    method: value(p, '--method')?.toUpperCase(),
    implied: uploads.length > 0 || has(p, '--post-data', '--post-file') ? 'POST' : 'GET',
    urls: p.positionals.map((t) => wordOf(words, t)).filter(urlLike),
    uploads,
    bodies,
    stdinBody: false,
    outputs: out && out !== '-' && out !== '/dev/null' ? [out] : [],
    offline: has(p, '--spider'),
    quote: [],
    unixSocket: undefined,
  };
}

const HTTPIE_VALUE = list(
  '-a --auth -A --auth-type --session --session-read-only -o --output -p --print --pretty -s',
  '--style --verify --cert --cert-key --cert-key-pass --proxy --timeout --max-redirects',
  '--default-scheme --format-options --boundary --raw --response-charset --response-mime --ssl',
  '--ciphers --unix-socket --max-headers -P --history-print --bearer --http-version --resolve',
  '--interface',
);
const METHODS = new Set(list('GET POST PUT PATCH DELETE HEAD OPTIONS PURGE TRACE CONNECT'));

/** httpie (`http`, `https`), xh/xhs, curlie: `[METHOD] URL [ITEM...]`. */
export function parseHttpie(tool: string, words: readonly Word[]): HttpRequest {
  const p = parseArgs(
    words.map((w) => w.text),
    { value: tool === 'curlie' ? [...HTTPIE_VALUE, ...CURL_VALUE] : HTTPIE_VALUE },
  );
  const pos = [...p.positionals];
  let method: string | undefined;
  if (
    pos.length > 1 &&
    METHODS.has((pos[0] ?? '').toUpperCase()) &&
    /^[A-Za-z]+$/.test(pos[0] ?? '')
  )
    method = (pos.shift() ?? '').toUpperCase();
  const url = pos.shift();
  const uploads: HttpRequest['uploads'] = [];
  const bodies: string[] = [];
  let data = false;
  for (const item of pos) {
    // Items: Header:value, param==value, field=value, field:=json, field=@file, field:=@file, field@file.
    const m = /^([^=:@]*)(==|:=@|=@|:=|=|@|:)(.*)$/s.exec(item);
    if (!m) continue;
    const [, , sep, rest] = m;
    if (sep === '=@' || sep === ':=@' || sep === '@') {
      uploads.push({ path: (rest ?? '').split(';')[0] ?? '', how: `item ${sep}` });
      data = true;
    } else if (sep === '=' || sep === ':=') {
      bodies.push(item);
      data = true;
    }
  }
  const raw = value(p, '--raw');
  if (raw) bodies.push(raw);
  if (tool === 'curlie') method ??= value(p, '-X', '--request')?.toUpperCase();
  const out = value(p, '-o', '--output');
  return {
    tool,
    method,
    implied: data || raw ? 'POST' : 'GET',
    urls: url ? [wordOf(words, url)] : [],
    uploads,
    bodies,
    stdinBody: false,
    outputs: out ? [out] : [],
    offline: has(p, '--offline'),
    quote: [],
    unixSocket: value(p, '--unix-socket'),
  };
}
