/**
 * What removing an operating-system package costs. Most packages reinstall in seconds (low); some are the
 * system itself (the C library, init, the kernel, the package manager, the shell, sudo, sshd): removing them
 * leaves a machine that cannot boot or cannot be logged into (catastrophic). Servers and firewalls stop
 * services or open the machine up (high); purging a database server can take its data with it.
 */

export type PackageClass =
  'core' | 'kernel-all' | 'kernel-one' | 'service' | 'database' | 'firewall' | 'other';

export interface PackageVerdict {
  readonly cls: PackageClass;
  readonly name: string;
}

// Exact names, across Debian/Ubuntu, RHEL/Fedora, SUSE, Arch and Alpine.
// prettier-ignore
const CORE = [
  'systemd', 'systemd-sysv', 'init', 'sysvinit', 'sysvinit-core', 'openrc', 'libc6', 'libc-bin',
  'glibc', 'glibc-common', 'musl', 'coreutils', 'bash', 'dash', 'util-linux', 'login', 'passwd',
  'shadow', 'shadow-utils', 'sudo', 'openssh-server', 'openssh', 'ssh', 'apt', 'dpkg', 'rpm',
  'yum', 'dnf', 'dnf5', 'pacman', 'apk-tools', 'zypper', 'libzypp', 'base-files', 'base-passwd',
  'base', 'filesystem', 'setup', 'basesystem', 'grub', 'grub2', 'grub-pc', 'grub-common',
  'grub2-common', 'grub-efi', 'grub-efi-amd64', 'grub-efi-amd64-signed', 'shim', 'shim-signed',
  'initramfs-tools', 'dracut', 'mkinitcpio', 'udev', 'systemd-udev', 'libpam0g', 'libpam-modules',
  'libpam-runtime', 'pam', 'libselinux1', 'libsystemd0', 'libssl3', 'libssl3t64', 'libssl1.1',
  'zlib1g', 'zlib', 'libgcc-s1', 'libgcc', 'libstdc++6', 'libcrypt1', 'libtinfo6', 'ncurses-base',
  'tar', 'gzip', 'sed', 'grep', 'findutils', 'debianutils', 'diffutils', 'mount', 'e2fsprogs',
  'procps', 'iproute2', 'ifupdown', 'netplan.io', 'network-manager', 'networkmanager', 'netbase',
  'python3', 'python3-minimal', 'perl-base', 'busybox', 'alpine-base', 'linux-firmware',
  'ubuntu-minimal', 'essential', 'kmod', 'libc-utils', 'bzip2', 'xz-utils', 'xz', 'cloud-init',
  'dbus', 'polkit', 'policykit-1',
];
const CORE_SET = new Set(CORE);

// Kernel image packages: the machine boots one of them.
const KERNEL =
  /^(linux|linux-(lts|zen|hardened|rt)|linux-(image|modules|signed-image|modules-extra)(-.+)?|linux-(generic|virtual|aws|azure|gcp|oem|raspi|kvm|lowlatency)(-hwe)?(-[\d.]+)?|kernel(-(core|modules|modules-core|default|lts|uek|ml))?(-\d.*)?)$/;
// A concrete version (`linux-image-5.15.0-91-generic`, `kernel-6.5.6-300.fc39`): one kernel among several.
const VERSIONED = /\d+\.\d+/;

const DATABASE =
  /^(postgresql|postgres|mysql|mysql-server|mysql-community-server|mariadb-server|mariadb|mongodb|mongodb-org|mongodb-server|redis|redis-server|elasticsearch|opensearch|cassandra|clickhouse-server|influxdb2?|couchdb|neo4j|etcd|minio|timescaledb|cockroach)([-\d.]|$)/;
const SERVICE =
  /^(nginx|apache2|httpd|haproxy|caddy|traefik|docker|docker-ce|docker\.io|docker-engine|moby-engine|containerd|containerd\.io|podman|kubelet|kubeadm|kubectl|k3s|rke2|microk8s|lxd|libvirt-daemon|qemu-kvm|bind9|named|unbound|dnsmasq|postfix|exim4|dovecot-core|slapd|openvpn|wireguard|tailscale|rabbitmq-server|kafka|zookeeper|jenkins|gitlab-ce|gitlab-ee|nextcloud|php-fpm|php\d\.\d-fpm|tomcat\d*|varnish|memcached|squid|samba|nfs-kernel-server|cron|cronie|rsyslog|chrony|ntp)$/;
const FIREWALL =
  /^(ufw|firewalld|iptables|nftables|fail2ban|apparmor|selinux-policy|selinux-policy-targeted|auditd|crowdsec|clamav)$/;

/** Strip architecture, version and release qualifiers: `libc6:amd64`, `nginx=1.24.0-1`, `foo/bookworm`. */
function bareName(pkg: string): string {
  return pkg
    .replace(/[:=].*$/, '')
    .replace(/\/[\w-]+$/, '')
    .replace(/\.(x86_64|aarch64|noarch|i686|armv7hl)$/, '')
    .toLowerCase();
}

function globRegex(glob: string): RegExp {
  const esc = glob
    .replace(/[.+^${}()|\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${esc}$`);
}

/** Classify one package argument (a name or a glob) for removal. */
export function classifyPackage(pkg: string): PackageVerdict {
  const name = bareName(pkg);
  if (/[*?[]/.test(name)) {
    const re = globRegex(name);
    if (name === '*' || CORE.some((c) => re.test(c))) return { cls: 'core', name };
    // Any kernel image package matches a kernel glob: removing all of them leaves nothing to boot. A glob
    // with a version in it (`linux-image-5.4*`) removes some kernels, possibly the running one.
    const samples = [
      'linux-image-6.8.0-1-generic',
      'linux-image-generic',
      'kernel-core',
      'kernel',
      'linux',
    ];
    const kernelPrefix = /^(linux-image|linux-modules|linux-signed-image|kernel)-\d/.test(name);
    if (kernelPrefix) return { cls: 'kernel-one', name };
    if (samples.some((k) => re.test(k))) return { cls: 'kernel-all', name };
    // A glob over a server's packages (`postgresql*`, `nginx*`) removes that server.
    const prefix = name.replace(/[*?[].*$/, '').replace(/[-.]$/, '');
    if (DATABASE.test(prefix)) return { cls: 'database', name };
    if (SERVICE.test(prefix)) return { cls: 'service', name };
    if (FIREWALL.test(prefix)) return { cls: 'firewall', name };
    return { cls: 'other', name };
  }
  if (
    CORE_SET.has(name) ||
    (/^(libc6|glibc|grub2?-efi|systemd-boot|linux-base)(-|$)/.test(name) &&
      !/-(dev|doc|devel|dbg)$/.test(name))
  ) {
    return { cls: 'core', name };
  }
  if (KERNEL.test(name) && !/headers|tools|doc|source|devel|firmware-|api-headers/.test(name)) {
    return { cls: VERSIONED.test(name) ? 'kernel-one' : 'kernel-all', name };
  }
  if (
    DATABASE.test(name) &&
    !/-(client|common|contrib|doc|dev|devel|tools|cli|shell|libs?|utils)(-|$)/.test(name)
  ) {
    return { cls: 'database', name };
  }
  if (SERVICE.test(name)) return { cls: 'service', name };
  if (FIREWALL.test(name)) return { cls: 'firewall', name };
  return { cls: 'other', name };
}
