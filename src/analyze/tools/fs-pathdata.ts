/**
 * The tables behind path classification (`../paths.ts`): which directories are the system, which hold a live
 * service's data, which project entries are regenerable, which home entries are precious or caches, and which
 * files are secrets or guard access. Data only, so the lists can grow without touching the logic.
 */

/** A whitespace-separated list. */
function words(list: string): string[] {
  return list.split(/\s+/).filter((w) => w.length > 0);
}

/** Directories whose removal (whole, or all their contents) breaks the machine. */
export const SYSTEM_TOP: ReadonlySet<string> = new Set([
  ...words(`
  /etc /usr /bin /sbin /lib /lib32 /lib64 /libx32 /boot /boot/efi /efi /var /opt /sys /proc /run
  /snap /nix /nix/store /usr/bin /usr/sbin /usr/lib /usr/lib32 /usr/lib64 /usr/libexec
  /usr/share /usr/include /var/lib /var/spool /var/mail /etc/ssh /etc/ssl /etc/systemd
  /etc/sudoers.d /etc/apt /etc/init.d /lib/modules /usr/lib/modules /etc/kubernetes /System
  /Library /Applications /private /private/etc /private/var /lost+found /usr/lib/systemd
  /lib/systemd /etc/network /etc/netplan
`),
]);

/** Software installed by the admin, outside the distribution's packages: replaceable, not the system. */
export const SYSTEM_USER: readonly RegExp[] = [/^\/usr\/local(\/|$)/, /^\/opt\/.+/];

/** Files without which the machine does not boot or cannot be logged into. */
export const CRITICAL_FILES: readonly RegExp[] = [
  /^\/etc\/(passwd|shadow|group|gshadow|sudoers|fstab|crypttab|nsswitch\.conf|ld\.so\.(cache|conf))$/,
  /^\/etc\/pam\.d(\/.*)?$/,
  /^\/boot\/.+/,
  /^\/(usr\/)?bin\/(sh|bash|dash|sudo|su|env|login|mount|systemctl)$/,
  /^\/(usr\/)?lib(64|32)?\/(x86_64-linux-gnu\/|aarch64-linux-gnu\/)?(ld-linux.*|libc\.so.*|libc-.*)$/,
  /^\/(usr\/)?(s)?bin\/init$/,
  /^\/usr\/lib\/systemd\/systemd$/,
];

/** Services whose data lives in /var/lib/<name>. */
const LIVE_SERVICES = words(`
  mysql mariadb postgresql pgsql postgres mongodb mongo redis redis-server docker containerd
  containers elasticsearch opensearch cassandra scylla etcd rabbitmq influxdb grafana clickhouse
  kafka zookeeper couchdb neo4j minio kubelet rancher k3s libvirt lxd lxc incus machines
  prometheus loki vault consul nomad ceph gitlab jenkins mssql qdrant weaviate milvus memgraph
  arangodb riak solr ldap nova glance cinder pgadmin matrix-synapse mattermost nextcloud mongod
  valkey keydb dgraph cockroach tidb questdb timescaledb victoriametrics mimir tempo temporal
  sentry
`);

/** Stores of live services: databases, container runtimes, VM images, cluster state. */
export const LIVE_DATA: readonly RegExp[] = [
  new RegExp(`^/var/lib/(${LIVE_SERVICES.join('|')})(/|$)`),
  /^\/var\/opt\/(mssql|gitlab)(\/|$)/,
  /^\/srv(\/|$)/,
  /^\/data(\/|$)/,
  /^\/var\/(vmail|spool\/mail|mail\/.+)/,
  /^\/var\/snap\/(lxd|microk8s|docker)\/common(\/|$)/,
];

/** Project directories whose contents a build or install recreates. */
export const ARTIFACT_DIRS: ReadonlySet<string> = new Set([
  ...words(`
  node_modules dist build out target .next .nuxt .output .svelte-kit .angular .turbo
  .parcel-cache .vite .cache __pycache__ .pytest_cache .mypy_cache .ruff_cache .tox .nox
  .hypothesis coverage htmlcov .nyc_output .venv venv .terraform .terragrunt-cache .gradle
  .dart_tool .eggs .serverless .aws-sam cdk.out .expo .docusaurus storybook-static .vercel
  .netlify _site .jekyll-cache .sass-cache tmp temp .tmp log logs bower_components jspm_packages
  .pnpm-store .stack-work dist-newstyle _build obj .direnv .ipynb_checkpoints .benchmarks
  .webpack .esbuild .wrangler .astro elm-stuff .cpcache .shadow-cljs .bloop .metals .bsp
  .ccls-cache CMakeFiles .pio zig-cache zig-out .zig-cache DerivedData .build .mvn-cache
  site-packages vendor .pytype .pyre .nx .yarn-cache .swc .eslintcache .stylelintcache
`),
]);

/** Regenerable files by name (build outputs, compiled bytecode, logs, editor leftovers). */
export const ARTIFACT_FILES: readonly RegExp[] = [
  /\.py[cod]$/,
  /\.log(\.\d+)?$/,
  /\.o$/,
  /\.obj$/,
  /\.class$/,
  /\.tsbuildinfo$/,
  /^\.DS_Store$/,
  /\.egg-info$/,
  /^\.coverage(\..*)?$/,
  /^coverage\.(xml|json)$/,
  /^lcov\.info$/,
  /\.swp$/,
  /\.tmp$/,
  /^cmake-build-/,
  /^Thumbs\.db$/,
  /\.orig$/,
  /\.rej$/,
  /^CMakeCache\.txt$/,
  /\.map$/,
  /^junit.*\.xml$/,
];

/** Names too generic to be an artifact directly in a home (`~/build` may be anything). */
export const GENERIC_TOP: ReadonlySet<string> = new Set(
  words('build out target tmp temp log logs dist obj coverage state'),
);

/** Project directories that hold data, not code: not in version control, not regenerable. */
export const PROJECT_DATA_DIRS: ReadonlySet<string> = new Set([
  ...words(`
  data .data db database databases uploads storage media instance pgdata mysql volumes secrets
  certs keys state models datasets
`),
]);

/** Project files that hold data or state: databases, dumps, terraform state. */
export const PROJECT_DATA_FILES: readonly RegExp[] = [
  /\.(db|sqlite|sqlite3|db3|mdb|accdb|realm|duckdb|dump|bak|tfstate|tfstate\.backup|parquet|h5|ckpt|safetensors)$/,
];

/** Home entries (first one or two segments) holding irreplaceable data or credentials. */
export const HOME_PRECIOUS: ReadonlySet<string> = new Set([
  ...words(`
  .ssh .gnupg .aws .kube .azure .docker .password-store .pki .vault-token .netrc .pgpass
  .git-credentials .config .local/share .mozilla .thunderbird .bitcoin .ethereum .electrum
  .gcloud .terraform.d .oci .ansible .mysql_history Documents Desktop Pictures Photos Music
  Movies Videos Projects projects src code Code work workspace dev git repos Dropbox OneDrive
  Library Mail Notes Obsidian notes Sync Nextcloud snap .var
`),
  'Google Drive',
  'VirtualBox VMs',
]);

/** Home caches (paths relative to the home): deleting them only costs a download or a rebuild. */
export const HOME_CACHES: readonly string[] = words(`
  .cache .npm .yarn/cache .yarn/berry/cache .pnpm-store .local/share/pnpm/store .gradle
  .m2/repository .cargo/registry .cargo/git go/pkg/mod Library/Caches .local/share/Trash .Trash
  .nuget/packages .ivy2/cache .conda/pkgs .bun/install/cache .composer/cache
  .terraform.d/plugin-cache .thumbnails .android/cache .node-gyp .ccache .sbt/boot .coursier
  .electron .npm/_cacache Library/Developer/Xcode/DerivedData .pyenv/cache
  .local/share/virtualenvs .rustup/tmp .deno/cache .yarn .vscode-server .cursor-server
`);

/** A directory or file name that says it is a backup. */
export function isBackupName(seg: string): boolean {
  return /backup|^bak$|\.bak$|^snapshots?$|^\.?snapshots$|^dumps?$/i.test(seg);
}

const EXAMPLE = /\.(example|sample|template|dist|defaults?)$/;

/** True for files that are credentials: private keys, `.env`, kubeconfigs, cloud credentials. */
export function isSecretFile(path: string): boolean {
  const base = path.slice(path.lastIndexOf('/') + 1);
  if (EXAMPLE.test(base) || base.endsWith('.pub')) return false;
  if (/^id_(rsa|dsa|ecdsa|ed25519)(_sk)?$/.test(base)) return true;
  if (/\.(pem|key|p12|pfx|jks|keystore|kdbx|ppk)$/.test(base)) return true;
  if (/^\.env(\..+)?$/.test(base)) return true;
  if (
    /^(credentials|\.netrc|\.pgpass|\.git-credentials|kubeconfig|\.kubeconfig|\.vault-token|\.npmrc|\.pypirc|secrets?\.(ya?ml|json|toml|env)|service-account.*\.json|.*-sa-key\.json|\.htpasswd|master\.key|credentials\.yml\.enc)$/.test(
      base,
    )
  ) {
    return true;
  }
  return /(^|\/)(\.ssh\/(?!known_hosts|config$|.*\.pub$)|\.aws\/credentials|\.kube\/config|\.gnupg\/|\.password-store\/|\.docker\/config\.json)|^\/etc\/(shadow|gshadow|ssl\/private\/.*|ssh\/ssh_host_.*_key)$/.test(
    path,
  );
}

/** Files that decide who may log in or run what: writing to them (even appending) changes access. */
export function isSecurityFile(path: string): boolean {
  return (
    /(^|\/)authorized_keys2?$/.test(path) ||
    /^\/etc\/(sudoers|sudoers\.d\/.+|passwd|shadow|group|gshadow|crontab|cron\.(d|daily|hourly|weekly|monthly)\/.+|ssh\/sshd_config(\.d\/.+)?|pam\.d\/.+|ld\.so\.preload|security\/.+|rc\.local|doas\.conf|polkit-1\/.+|hosts\.(allow|deny)|subuid|subgid)$/.test(
      path,
    ) ||
    /^\/var\/spool\/cron(\/crontabs)?\/.+/.test(path)
  );
}

/** Shell start-up files: they run at every login. */
export function isShellRc(path: string): boolean {
  return /(^~|^\/home\/[^/]+|^\/Users\/[^/]+|^\/root)\/(\.bashrc|\.bash_profile|\.bash_login|\.profile|\.zshrc|\.zprofile|\.zshenv|\.zlogin|\.cshrc|\.tcshrc|\.kshrc|\.config\/fish\/config\.fish)$/.test(
    path,
  );
}
