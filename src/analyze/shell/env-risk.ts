/**
 * Environment variables whose value weakens a security boundary for every program that inherits them
 * (TLS verification off, checksum databases skipped). Exporting one changes every later command of the session;
 * setting one for a single command is a narrower, one-off choice.
 */

interface RiskyVariable {
  /** True when `value` turns the protection off. */
  off: (value: string) => boolean;
  what: string;
}

const FALSY = /^(0|false|no|off)$/i;
const TRUTHY = /^(1|true|yes|on)$/i;

const VARIABLES: Readonly<Record<string, RiskyVariable>> = {
  NODE_TLS_REJECT_UNAUTHORIZED: { off: (v) => v === '0', what: 'Node.js TLS certificate verification' },
  GIT_SSL_NO_VERIFY: { off: (v) => TRUTHY.test(v) || v === '', what: 'git TLS certificate verification' },
  PYTHONHTTPSVERIFY: { off: (v) => v === '0', what: 'Python HTTPS certificate verification' },
  CURL_CA_BUNDLE: { off: (v) => v === '', what: 'TLS verification in python-requests' },
  REQUESTS_CA_BUNDLE: { off: (v) => v === '', what: 'TLS verification in python-requests' },
  NPM_CONFIG_STRICT_SSL: { off: (v) => FALSY.test(v), what: 'npm TLS certificate verification' },
  npm_config_strict_ssl: { off: (v) => FALSY.test(v), what: 'npm TLS certificate verification' },
  YARN_STRICT_SSL: { off: (v) => FALSY.test(v), what: 'yarn TLS certificate verification' },
  PIP_TRUSTED_HOST: { off: (v) => v !== '', what: 'pip TLS verification for the listed hosts' },
  GOINSECURE: { off: (v) => v !== '', what: 'Go module TLS verification' },
  GONOSUMDB: { off: (v) => v === '*' || v === '', what: 'Go checksum database verification' },
  GONOSUMCHECK: { off: (v) => TRUTHY.test(v), what: 'Go checksum verification' },
  GOFLAGS: { off: (v) => /-insecure\b/.test(v), what: 'Go TLS verification' },
  AWS_CA_BUNDLE: { off: (v) => v === '/dev/null', what: 'AWS CLI TLS verification' },
  SSL_CERT_FILE: { off: (v) => v === '/dev/null', what: 'OpenSSL certificate verification' },
};

/** What setting NAME=VALUE turns off, or undefined when it is harmless. */
export function weakenedBy(name: string, value: string): string | undefined {
  const v = VARIABLES[name];
  return v && v.off(value) ? v.what : undefined;
}

/** Shell start-up files: text written there runs in every future shell. */
export function isStartupFile(path: string): boolean {
  return /(^|\/)(\.bashrc|\.bash_profile|\.bash_login|\.profile|\.zshrc|\.zshenv|\.zprofile|\.zlogin|\.kshrc|\.mkshrc|config\.fish)$/.test(path) ||
    /^\/etc\/(profile|bash\.bashrc|zshrc|zsh\/zshrc|environment)$/.test(path) ||
    /^\/etc\/profile\.d\/[^/]+$/.test(path);
}
