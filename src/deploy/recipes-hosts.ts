/**
 * The non-Kubernetes recipes: AWS, Docker, PostgreSQL and SSH. Each gives the agent an identity that can look but
 * not change (enforced by the system that owns the resource, not by Portcullis), and says where the gate's own
 * write credential goes. Policy documents are built as data and serialised, so they always parse.
 */
import { stringify } from 'yaml';
import { exampleEnv } from './bindings.js';
import type { Recipe } from './plan-types.js';

const json = (v: unknown): string => `${JSON.stringify(v, null, 2)}\n`;
const yaml = (v: unknown): string => stringify(v, { lineWidth: 0, aliasDuplicateObjects: false });

/** Actions that read secret values even under ReadOnlyAccess; denied explicitly. */
export const AWS_SECRET_READS = [
  'secretsmanager:GetSecretValue',
  'secretsmanager:BatchGetSecretValue',
  'ssm:GetParameter',
  'ssm:GetParameters',
  'ssm:GetParametersByPath',
  'ssm:GetParameterHistory',
  'kms:Decrypt',
];

/** Trust policy of the read-only role: only the agent's IAM user may assume it. */
export function awsTrustPolicy(): unknown {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { AWS: 'arn:aws:iam::ACCOUNT_ID:user/portcullis-agent' },
        Action: 'sts:AssumeRole',
      },
    ],
  };
}

/** Inline policy on the role: ReadOnlyAccess minus secret values. */
export function awsDenySecrets(): unknown {
  return {
    Version: '2012-10-17',
    Statement: [{ Sid: 'NoSecretValues', Effect: 'Deny', Action: AWS_SECRET_READS, Resource: '*' }],
  };
}

/** The agent user's only permission: assume the read-only role. */
export function awsAssumeOnly(): unknown {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Action: 'sts:AssumeRole',
        Resource: 'arn:aws:iam::ACCOUNT_ID:role/portcullis-agent-readonly',
      },
    ],
  };
}

export function awsRecipe(covers: string[], envs: string[]): Recipe {
  const env = exampleEnv(envs);
  return {
    family: 'aws',
    title: 'AWS: a read-only role for the agent, secret values denied',
    covers,
    summary:
      'The agent assumes a role with the AWS-managed ReadOnlyAccess policy and an explicit deny on reading ' +
      'secret values. Its IAM user can do nothing else. Writes go through the gate with keys from the vault.',
    blocks: [
      {
        title: 'Trust policy (replace ACCOUNT_ID)',
        lang: 'json',
        file: 'trust.json',
        body: json(awsTrustPolicy()),
      },
      {
        title: 'Deny secret values',
        lang: 'json',
        file: 'deny-secrets.json',
        body: json(awsDenySecrets()),
      },
      {
        title: "The agent user's only permission",
        lang: 'json',
        file: 'assume-only.json',
        body: json(awsAssumeOnly()),
      },
      {
        title: 'Create them (with admin credentials)',
        lang: 'sh',
        body: [
          'aws iam create-role --role-name portcullis-agent-readonly --max-session-duration 3600 \\',
          '  --assume-role-policy-document file://trust.json',
          'aws iam attach-role-policy --role-name portcullis-agent-readonly \\',
          '  --policy-arn arn:aws:iam::aws:policy/ReadOnlyAccess',
          'aws iam put-role-policy --role-name portcullis-agent-readonly --policy-name portcullis-deny-secrets \\',
          '  --policy-document file://deny-secrets.json',
          'aws iam create-user --user-name portcullis-agent',
          'aws iam put-user-policy --user-name portcullis-agent --policy-name assume-readonly \\',
          '  --policy-document file://assume-only.json',
          "aws iam create-access-key --user-name portcullis-agent   # into the agent user's ~/.aws/credentials [agent]",
        ].join('\n'),
      },
      {
        title: "The agent user's ~/.aws/config",
        lang: 'text',
        body: [
          '[default]',
          'role_arn = arn:aws:iam::ACCOUNT_ID:role/portcullis-agent-readonly',
          'source_profile = agent',
          '',
        ].join('\n'),
      },
      {
        title: "The gate's keys: into the vault, bound in /etc/portcullis/gate.yaml",
        lang: 'yaml',
        body: yaml({
          bindings: [
            {
              tool: 'aws',
              env,
              vars: {
                AWS_ACCESS_KEY_ID: `aws-${env}-key-id`,
                AWS_SECRET_ACCESS_KEY: `aws-${env}-secret-key`,
              },
            },
          ],
        }),
      },
    ],
    notes: [
      'Check as the agent: `aws sts get-caller-identity` names the role; `aws s3 rb s3://any-bucket` is AccessDenied.',
      'ReadOnlyAccess still reads data (s3:GetObject, Lambda environment variables); use ViewOnlyAccess where that matters.',
    ],
  };
}

/** The socket proxy's environment: GET and HEAD only (POST=0 refuses every other method), inspect APIs on. */
export const DOCKER_PROXY_ENV: Record<string, string> = {
  POST: '0',
  CONTAINERS: '1',
  IMAGES: '1',
  NETWORKS: '1',
  VOLUMES: '1',
  INFO: '1',
  EVENTS: '1',
  PING: '1',
  VERSION: '1',
  EXEC: '0',
  BUILD: '0',
  COMMIT: '0',
  AUTH: '0',
  SECRETS: '0',
  SERVICES: '0',
  SWARM: '0',
  SYSTEM: '0',
};

export function dockerRecipe(covers: string[]): Recipe {
  return {
    family: 'docker',
    title: 'Docker: the agent talks to a socket proxy that refuses writes',
    covers,
    summary:
      'Membership of the docker group is root on the host. The agent leaves that group and reaches the daemon ' +
      'through tecnativa/docker-socket-proxy, which answers GET and HEAD only; the gate keeps the real socket.',
    blocks: [
      {
        title: 'docker-compose.yml for the proxy (pin the image tag or digest you reviewed)',
        lang: 'yaml',
        file: 'docker-compose.yml',
        body: yaml({
          services: {
            'docker-ro': {
              image: 'tecnativa/docker-socket-proxy:latest',
              restart: 'unless-stopped',
              environment: DOCKER_PROXY_ENV,
              volumes: ['/var/run/docker.sock:/var/run/docker.sock:ro'],
              ports: ['127.0.0.1:2375:2375'],
              read_only: true,
              tmpfs: ['/run', '/tmp'],
              security_opt: ['no-new-privileges:true'],
            },
          },
        }),
      },
      {
        title: "Point the agent's user at it and take the real socket away",
        lang: 'sh',
        body: [
          'docker compose up -d docker-ro',
          'sudo gpasswd -d AGENT_USER docker          # the agent must not reach /var/run/docker.sock',
          'sudo usermod -aG docker portcullis          # the gate runs approved docker commands',
          "echo 'export DOCKER_HOST=tcp://127.0.0.1:2375' >> ~AGENT_USER/.profile",
          '# check, as the agent: `docker ps` works, `docker stop x` answers 403 Forbidden',
        ].join('\n'),
      },
    ],
    notes: [
      "Reads still show a lot: `docker inspect` prints containers' environment variables, and file reads through the archive API stay possible. Keep secrets out of container env.",
      'Restart the gate after `usermod` so its process gets the docker group.',
    ],
  };
}

/** The SQL that creates the read-only role (PostgreSQL 14 or later for pg_read_all_data). */
export function postgresSql(role: string): string {
  return [
    `CREATE ROLE ${role} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS CONNECTION LIMIT 5;`,
    '-- PostgreSQL >= 14: read every table, view and sequence, now and later.',
    `GRANT pg_read_all_data TO ${role};`,
    '-- A second fence and a guard against runaway queries (a session can lift the first, not the grants).',
    `ALTER ROLE ${role} SET default_transaction_read_only = on;`,
    `ALTER ROLE ${role} SET statement_timeout = '60s';`,
    '-- PostgreSQL < 15 lets every role create in schema public:',
    'REVOKE CREATE ON SCHEMA public FROM PUBLIC;',
    `\\password ${role}`,
    '',
  ].join('\n');
}

export function postgresRecipe(covers: string[], envs: string[]): Recipe {
  const env = exampleEnv(envs);
  return {
    family: 'postgres',
    title: 'PostgreSQL: a read-only role for the agent',
    covers,
    summary:
      'The agent logs in as agent_ro, which can read everything and write nothing. Migrations and fixes run ' +
      "through the gate, with the owner's password from the vault.",
    blocks: [
      {
        title: 'As a superuser: psql -f agent_ro.sql',
        lang: 'sql',
        file: 'agent_ro.sql',
        body: postgresSql('agent_ro'),
      },
      {
        title: "The agent user's ~/.pgpass (mode 0600)",
        lang: 'text',
        body: 'DBHOST:5432:*:agent_ro:THE_PASSWORD\n',
      },
      {
        title: "The gate's password: into the vault, bound in /etc/portcullis/gate.yaml",
        lang: 'yaml',
        body: yaml({
          bindings: [{ tool: 'psql', env, vars: { PGPASSWORD: `pg-${env}-password` } }],
        }),
      },
    ],
    notes: [
      "Check as the agent: `psql -U agent_ro -c 'create table t()'` fails (read-only transaction, or permission denied).",
      'PostgreSQL < 14: instead of pg_read_all_data, GRANT USAGE on each schema, GRANT SELECT ON ALL TABLES IN SCHEMA, and ALTER DEFAULT PRIVILEGES ... GRANT SELECT.',
    ],
  };
}

/** The authorized_keys line that sends whatever the agent's key runs to the gate. */
export function sshForcedCommand(publicKey: string): string {
  return `command="portcullis shell -c \\"$SSH_ORIGINAL_COMMAND\\"",no-port-forwarding,no-X11-forwarding,no-agent-forwarding,no-pty,no-user-rc ${publicKey}`;
}

export function sshRecipe(covers: string[], targets: string[]): Recipe {
  // A binding's target is a glob; the example needs one host name.
  const host = targets.find((t) => /^[A-Za-z0-9][A-Za-z0-9.-]*$/.test(t)) ?? 'db1';
  return {
    family: 'ssh',
    title: "SSH: the agent's key can only ask the gate",
    covers,
    summary:
      "On each host, the agent's public key gets a forced command: every command it sends is judged by the " +
      'gate (and approved, when it must be) before it runs. No shell, no forwarding, no pty.',
    blocks: [
      {
        title: "~/.ssh/authorized_keys on the host (the agent's key, one line)",
        lang: 'text',
        body: `${sshForcedCommand('ssh-ed25519 AAAA...agent-key agent@workstation')}\n`,
      },
      {
        title:
          "Or, from a central gate: no agent key on the host; the gate's own key lives in the vault",
        lang: 'sh',
        body: [
          `ssh-keygen -t ed25519 -N "" -C portcullis-gate -f gate_ed25519`,
          `portcullis secret set ssh-${host} --file gate_ed25519 && shred -u gate_ed25519`,
          `# gate_ed25519.pub goes into ${host}'s authorized_keys, without a forced command; the gate must know the host key:`,
          `ssh-keyscan ${host} | sudo -u portcullis sh -c 'umask 077; mkdir -p ~/.ssh; cat >> ~/.ssh/known_hosts'   # compare the fingerprint`,
        ].join('\n'),
      },
      {
        title:
          'Bind it in /etc/portcullis/gate.yaml (the key is written to a 0600 file for the run)',
        lang: 'yaml',
        body: yaml({
          bindings: [{ tool: 'ssh', target: host, files: { SSH_KEY: `ssh-${host}` } }],
        }),
      },
    ],
    notes: [
      "`portcullis shell` runs commands through the broker, which runs them where the gate runs: with the forced command, install Portcullis and its service on the host (`sudo portcullis service install`) so approved commands run there as the gate's user. Write the absolute path of `portcullis` if it is not on the PATH sshd gives.",
      `ssh takes its key from a flag, not a variable: through a central gate, run \`portcullis exec -- ssh -i "$SSH_KEY" ${host} ...\`.`,
      'The agent must hold no other key the host accepts: sshd applies the options of the key that authenticated.',
      'OpenSSH >= 7.2 can write `restrict,command="..."` instead of the no-* list.',
    ],
  };
}
