/**
 * Which paths hold secrets: private keys, cloud and cluster credentials, token files, `.env` files, password
 * stores, Terraform state, the shadow file. Used to judge what leaves the machine (scp, nc, curl uploads, gists)
 * and what gets committed. Pure string work on the path as written; a dynamic path is never claimed secret.
 */

export interface SecretInfo {
  /** Short description for reasons: "an SSH private key", "AWS credentials" ... */
  readonly what: string;
}

// Public halves, templates and encrypted forms are meant to be shared.
const NOT_SECRET_BASE =
  /(\.pub|\.example|\.sample|\.template|\.tmpl|\.dist|\.defaults|\.schema|\.enc|\.gpg|\.age|\.asc|\.sealed|\.crt|\.cer|\.csr|\.md)$|[._-](example|sample|template)([._-]|$)|\.(sops|enc)\./i;

// Files recognised by their base name.
const BY_BASE: ReadonlyArray<readonly [RegExp, string]> = [
  [/^id_(rsa|dsa|ecdsa|ed25519)(_sk)?$|^identity$/, 'an SSH private key'],
  [/^ssh_host_.*_key$/, 'an SSH host private key'],
  [
    /^\.env$|^\.env\.(?!example|sample|template|dist|defaults|schema)[\w.-]+$|^[\w.-]+\.env$/,
    'an environment file with credentials',
  ],
  [
    /^\.?(netrc|pgpass|my\.cnf|git-credentials|vault-token|npmrc|pypirc|s3cfg|boto|htpasswd|dockercfg|passwd\.s3fs)$/,
    'a credentials file',
  ],
  [
    /^(credentials|credentials\.(json|toml|ya?ml|csv|xml)|application_default_credentials\.json|access_tokens\.db|accesstokens\.json|msal_token_cache\.(json|bin))$/,
    'cloud credentials',
  ],
  [
    /^(kubeconfig|\.kubeconfig|kubeconfig\..+|admin\.conf|k3s\.ya?ml|rke2\.ya?ml)$/,
    'a Kubernetes credentials file',
  ],
  [
    /^(service[-_]?account|.*[-_]sa[-_]key|.*-credentials|.*_credentials|client_secret.*)\.json$/,
    'a service account key',
  ],
  [
    /^\.?secrets?(\.[\w-]+)?\.(ya?ml|json|toml|env|ini|txt|properties|conf)$|^secrets?$|^\.secrets$/,
    'a secrets file',
  ],
  [
    /^(master\.key|[\w.-]+\.key|private[-_]?key(\.(pem|txt|json|der|b64))?|privkey\d*\.pem|.*\.(p12|pfx|jks|keystore|jceks|ppk|kdbx|kdb|keychain|keychain-db))$/,
    'a private key or key store',
  ],
  [
    /^terraform\.tfstate(\.backup)?$|\.tfstate$/,
    'Terraform state (holds resource secrets in clear)',
  ],
  [
    /^(wallet\.dat|key4\.db|logins\.json|login data|cookies)$/i,
    'a wallet or browser credential store',
  ],
  [/^(shadow|gshadow|shadow-|gshadow-|master\.passwd)$/, 'the password hashes'],
  [/^(hosts\.yml|rclone\.conf|settings-security\.xml|\.cargo-credentials)$/, 'a credentials file'],
];

// Directories (or files inside them) that hold secrets wholesale.
const BY_DIR: ReadonlyArray<readonly [RegExp, string]> = [
  [/(^|\/)\.ssh(\/|$)/, 'SSH keys'],
  [/(^|\/)\.aws(\/(credentials|sso|cli)|$)/, 'AWS credentials'],
  [/(^|\/)\.kube(\/config|$)/, 'a Kubernetes credentials file'],
  [/(^|\/)\.docker\/config\.json$/, 'registry credentials'],
  [/(^|\/)\.(gnupg|password-store|gopass|azure)(\/|$)/, 'private keys or a password store'],
  [
    /(^|\/)\.config\/(gcloud|gh|hub|op|doctl|rclone|sops|age|gopass|Bitwarden CLI)(\/|$)/,
    'CLI credentials',
  ],
  [/(^|\/)\.(cargo|gem)\/credentials/, 'registry credentials'],
  [/(^|\/)\.terraform\.d\/credentials/, 'Terraform Cloud credentials'],
  [/^\/etc\/(ssl\/private|kubernetes\/pki|rancher\/k3s)(\/|$)/, 'private keys'],
  [/^\/var\/lib\/rancher\/k3s\/server\/(token|tls|cred)/, 'cluster credentials'],
  [/(^|\/)Library\/Keychains(\/|$)/, 'a keychain'],
  [/(^|\/)(\.?secrets?|\.?credentials|private[-_]keys?)\/[^/]+/, 'files from a secrets directory'],
];

// The whole home directory or /etc carries every secret above.
const CODE =
  /\.(ts|tsx|js|jsx|mjs|cjs|py|go|rb|java|kt|rs|c|h|cc|cpp|cs|php|swift|scala|sh|md|rst|tpl|j2)$/;

const WHOLESALE =
  /^(~|~\/\*?|\$HOME\/?\*?|\/root\/?\*?|\/home\/[^/]+\/?\*?|\/Users\/[^/]+\/?\*?|\/etc\/?\*?)$/;

/** What kind of secret `path` holds, or undefined when it is not known to hold one. */
export function secretInfo(path: string): SecretInfo | undefined {
  const p = path.replace(/^file:\/\//, '').replace(/\/+$/, '') || path;
  if (WHOLESALE.test(p)) return { what: 'a whole home or configuration directory, keys included' };
  const base = p.slice(p.lastIndexOf('/') + 1);
  // Templates (a Helm chart's secret.yaml) hold placeholders, not values.
  if (NOT_SECRET_BASE.test(base) || /(^|\/)templates\//.test(p)) return undefined;
  if (/(^|\/)\.ssh\/(known_hosts|config|authorized_keys2?|[^/]*\.pub)$/.test(p)) return undefined;
  for (const [re, what] of BY_BASE) if (re.test(base)) return { what };
  // A glob over key names (`~/.ssh/id_*`, `*.pem`) still matches private keys.
  if (/^(id_\*|\*\.(pem|key|p12|pfx)|\.env\*|\*\.env)$/.test(base))
    return { what: 'private keys or environment files' };
  if (
    /\.pem$/.test(base) &&
    !/cert|chain|bundle|(^|[-_.])(ca|pub|public|root)([-_.]|$)/i.test(base)
  ) {
    return { what: 'a private key (PEM)' };
  }
  // Source code inside a `secrets/` directory is code (a module), not secrets.
  if (CODE.test(base)) return undefined;
  for (const [re, what] of BY_DIR) if (re.test(p)) return { what };
  return undefined;
}

/** True when `path` (as written, `~` allowed) names a file or directory holding secrets. Stable signature. */
export function isSecretPath(path: string): boolean {
  return secretInfo(path) !== undefined;
}
