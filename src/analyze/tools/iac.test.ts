import { describe, expect, it } from 'vitest';
import { decideBuiltin } from '../../policy/builtin.js';
import { expectTable, judge, type Allowed, type Flagged } from '../test-kit.js';

const PROD = '/home/dev/infra/live/production/eu';
const STAGING = '/home/dev/infra/envs/staging';
const DEV = '/home/dev/infra/envs/dev';
const INFRA = '/home/dev/infra';

const flagged: Flagged[] = [
  // terraform / tofu destroy: the prompt is the gate, so -auto-approve does not matter
  ['terraform destroy', 'catastrophic', 'iac/destroy', PROD],
  ['terraform destroy -auto-approve -lock=false', 'catastrophic', 'iac/destroy', DEV],
  ['tofu destroy -var-file=eu.tfvars', 'catastrophic', 'iac/destroy', STAGING],
  ['terraform -chdir=live/production destroy', 'catastrophic', 'iac/destroy', INFRA],
  ['terraform apply -destroy', 'catastrophic', 'iac/destroy', PROD],
  ['terraform apply --destroy --auto-approve', 'catastrophic', 'iac/destroy', INFRA],
  [
    'TF_CLI_ARGS_apply="-destroy -auto-approve" terraform apply',
    'catastrophic',
    'iac/destroy',
    INFRA,
  ],
  ['TF_CLI_ARGS="-auto-approve" terraform destroy', 'catastrophic', 'iac/destroy', INFRA],
  // targeted destroys
  [
    'terraform destroy -target=google_sql_database_instance.orders',
    'catastrophic',
    'iac/destroy-target',
    PROD,
  ],
  [
    'terraform destroy -target aws_s3_bucket.invoices -auto-approve',
    'catastrophic',
    'iac/destroy-target',
    INFRA,
  ],
  ['terraform destroy -target=module.storage', 'catastrophic', 'iac/destroy-target', STAGING],
  ['terraform destroy -target=aws_rds_cluster.main', 'high', 'iac/destroy-target', DEV],
  ['terraform destroy -target=aws_lb_listener.https', 'high', 'iac/destroy-target', PROD],
  // forced replacement
  [
    'terraform apply -replace=aws_ebs_volume.data -auto-approve',
    'catastrophic',
    'iac/replace-stateful',
    PROD,
  ],
  [
    'tofu apply -replace="azurerm_postgresql_flexible_server.main"',
    'catastrophic',
    'iac/replace-stateful',
    INFRA,
  ],
  [
    'terraform apply -replace=aws_elasticache_cluster.sessions',
    'high',
    'iac/replace-stateful',
    DEV,
  ],
  ['terraform apply -replace=aws_instance.bastion', 'high', 'iac/replace', STAGING],
  // unreviewed production applies
  ['terraform apply -auto-approve', 'high', 'iac/apply-unreviewed', PROD],
  ['terraform apply -auto-approve -var-file=prod.tfvars', 'high', 'iac/apply-unreviewed', INFRA],
  ['TF_WORKSPACE=production terraform apply -auto-approve', 'high', 'iac/apply-unreviewed', INFRA],
  // state surgery
  ['terraform taint aws_db_instance.orders', 'high', 'iac/taint-stateful', PROD],
  ['terraform state rm module.db.aws_db_instance.main', 'high', 'iac/state-rm', STAGING],
  ['terraform state push -force backup.tfstate', 'high', 'iac/state-push', INFRA],
  ['terraform workspace delete -force qa-7', 'high', 'iac/workspace-delete', INFRA],
  // terragrunt
  ['terragrunt run-all destroy --terragrunt-non-interactive', 'catastrophic', 'iac/destroy', PROD],
  ['terragrunt run --all -- destroy', 'catastrophic', 'iac/destroy', DEV],
  ['terragrunt destroy', 'catastrophic', 'iac/destroy', STAGING],
  ['terragrunt apply-all', 'high', 'iac/apply-unreviewed', PROD],
  [
    'terragrunt destroy -target=aws_db_instance.x --terragrunt-working-dir live/prod/db',
    'catastrophic',
    'iac/destroy-target',
    INFRA,
  ],
  // pulumi
  ['pulumi destroy -s acme/production', 'catastrophic', 'iac/destroy'],
  ['pulumi down --yes --skip-preview', 'catastrophic', 'iac/destroy', DEV],
  ['PULUMI_STACK=prod pulumi destroy -y', 'catastrophic', 'iac/destroy'],
  [
    'pulumi destroy --target "urn:pulumi:prod::shop::aws:rds/instance:Instance::orders" -s prod',
    'catastrophic',
    'iac/destroy-target',
  ],
  ['pulumi up -y -s acme/prod', 'high', 'iac/apply-unreviewed'],
  [
    'pulumi up --replace "urn:pulumi:prod::shop::gcp:sql/databaseInstance:DatabaseInstance::main" -s prod',
    'catastrophic',
    'iac/replace-stateful',
  ],
  ['pulumi stack rm acme/feature-x --yes', 'high', 'iac/stack-rm'],
  ['pulumi stack rm --force -y acme/prod', 'catastrophic', 'iac/stack-rm'],
  [
    'pulumi state delete "urn:pulumi:dev::shop::aws:s3/bucket:Bucket::assets"',
    'high',
    'iac/state-rm',
  ],
  // stack tools
  ['cdk destroy OrdersStack --force', 'catastrophic', 'iac/destroy'],
  ['npx cdk destroy --all', 'catastrophic', 'iac/destroy'],
  ['cdktf destroy shop-dev', 'catastrophic', 'iac/destroy'],
  ['sam delete --stack-name orders-staging', 'catastrophic', 'iac/destroy'],
  ['serverless remove', 'catastrophic', 'iac/destroy'],
  ['sls remove --stage production --region eu-central-1', 'catastrophic', 'iac/destroy'],
  ['waypoint destroy -app=web', 'catastrophic', 'iac/destroy'],
  // ansible
  ['ansible db -m service -a "name=postgresql state=stopped" -b', 'high', 'ansible/service-stop'],
  ['ansible all -i hosts.ini -m ansible.builtin.reboot', 'high', 'ansible/reboot'],
  ['ansible app -m user -a "name=deploy state=absent remove=yes"', 'high', 'ansible/user-remove'],
  [
    'ansible db-prod -m postgresql_db -a "name=orders state=absent"',
    'catastrophic',
    'ansible/db-drop',
  ],
  [
    'ansible aws -m amazon.aws.ec2_instance -a "instance_ids=i-0abc state=absent"',
    'high',
    'ansible/state-absent',
  ],
  [
    'ansible-playbook -i inventories/production teardown.yml',
    'high',
    'ansible/playbook-destructive',
  ],
  ['ansible-playbook site.yml --tags decommission', 'high', 'ansible/playbook-destructive'],
  ['ansible-playbook cluster.yml -e "state=absent"', 'high', 'ansible/playbook-destructive'],
  ['ansible-playbook -i prod.ini reboot-all.yml', 'high', 'ansible/playbook-destructive'],
  // vagrant, nomad
  ['vagrant destroy', 'high', 'vagrant/destroy'],
  ['vagrant destroy -f web db', 'high', 'vagrant/destroy'],
  ['vagrant snapshot pop', 'high', 'vagrant/snapshot-restore'],
  ['vagrant snapshot delete before-upgrade', 'high', 'vagrant/snapshot-delete'],
  ['nomad job stop -purge billing', 'high', 'nomad/job-stop'],
  ['nomad stop -address=https://nomad.prod.internal:4646 api', 'high', 'nomad/job-stop'],
  ['nomad node drain -enable -deadline 5m 9f2c', 'high', 'nomad/drain'],
  ['nomad volume delete mysql-data', 'high', 'nomad/volume-delete'],
  ['nomad operator snapshot restore backup.snap', 'high', 'nomad/snapshot-restore'],
];

const allowed: Allowed[] = [
  ['terraform plan', PROD],
  ['terraform plan -destroy -out destroy.tfplan', PROD],
  ['terraform plan -target=aws_db_instance.main -destroy', PROD],
  ['terraform validate', PROD],
  ['terraform fmt -check -recursive', PROD],
  ['terraform init -backend-config=prod.hcl -reconfigure', PROD],
  ['terraform show -json tfplan', PROD],
  ['terraform output -raw db_endpoint', PROD],
  ['terraform state list', PROD],
  ['terraform state pull', PROD],
  ['terraform state mv module.a module.b', PROD],
  ['terraform graph', PROD],
  ['terraform providers lock -platform=linux_amd64', PROD],
  ['terraform workspace list', PROD],
  ['terraform workspace select staging', INFRA],
  ['terraform import aws_s3_bucket.logs acme-logs', PROD],
  ['terraform taint aws_instance.worker', PROD],
  ['terraform taint aws_db_instance.orders', DEV],
  ['terraform force-unlock -force 6f1e', PROD],
  ['terraform apply tfplan', PROD],
  ['terraform apply', PROD],
  ['terraform apply -auto-approve', DEV],
  ['terraform apply -auto-approve', STAGING],
  ['terraform apply -refresh-only -auto-approve', PROD],
  ['terraform apply -replace=aws_ecs_service.api -auto-approve', DEV],
  ['terraform destroy -help', PROD],
  ['terraform -version', PROD],
  ['tofu plan -var-file=prod.tfvars', INFRA],
  ['terragrunt run-all plan --terragrunt-non-interactive', PROD],
  ['terragrunt plan', PROD],
  ['terragrunt run-all validate', PROD],
  ['terragrunt run-all apply', DEV],
  ['rm -rf .terraform/modules && terraform get', PROD],
  'pulumi preview -s acme/prod',
  'pulumi preview --diff --stack prod',
  'pulumi destroy --preview-only -s prod',
  'pulumi up -s acme/prod',
  'pulumi up --yes -s acme/dev',
  'pulumi stack ls',
  'pulumi stack output -s prod --show-secrets',
  'pulumi config set --secret dbPassword x',
  'pulumi refresh --yes -s dev',
  'pulumi whoami',
  'cdk diff OrdersStack',
  'cdk synth',
  'cdk deploy OrdersStack --require-approval never',
  'cdk bootstrap aws://123456789012/eu-west-1',
  'cdktf synth',
  'cdktf diff',
  'sam build --use-container',
  'sam validate --lint',
  'sam deploy --config-env staging',
  'sam local start-api',
  'sam logs -n OrdersFn --stack-name orders-prod --tail',
  'serverless deploy --stage dev',
  'sls info --stage prod',
  'serverless print',
  'ansible all -m ping',
  'ansible web -m setup -a "filter=ansible_distribution*"',
  "ansible web -m shell -a 'df -h'",
  'ansible web -a "uptime"',
  'ansible web -m service -a "name=nginx state=restarted" -b',
  "ansible web -m shell -a 'rm -rf /var/www' --check",
  'ansible web -m file -a "path=/tmp/build-cache state=absent"',
  'ansible-playbook -i inventories/production site.yml --check --diff',
  'ansible-playbook teardown.yml --syntax-check',
  'ansible-playbook destroy.yml --list-tasks',
  'ansible-playbook -i inventories/production site.yml --limit web',
  'ansible-playbook deploy.yml -e version=1.4.2',
  'vagrant up',
  'vagrant halt',
  'vagrant reload --provision',
  'vagrant status',
  'vagrant snapshot save clean',
  'vagrant box remove ubuntu/jammy64',
  "vagrant ssh -c 'ls /vagrant'",
  'packer build -var-file=prod.pkrvars.hcl .',
  'packer validate .',
  'nomad job plan api.nomad.hcl',
  'nomad job run api.nomad.hcl',
  'nomad job status api',
  'nomad alloc logs -f 9f2c',
  'nomad node drain -disable 9f2c',
  'nomad system gc',
  'nomad job scale api web 3',
  'waypoint up',
  'waypoint deploy',
  "echo 'terraform destroy -auto-approve' >> runbook.md",
];

expectTable(flagged, allowed);

describe('remote payloads', () => {
  it('judges an ansible shell payload on the matched hosts, in their environment', () => {
    const { actions } = judge("ansible prod-web -m shell -a 'rm -rf /srv/app/shared/uploads' -b");
    const inner = actions.filter((a) => a.via[0] === 'ansible prod-web');
    expect(inner.length).toBeGreaterThan(0);
    expect(inner.every((a) => a.env === 'prod')).toBe(true);
    expect(decideBuiltin(actions).verdict).not.toBe('allow');
  });
  it('turns file state=absent into a delete judged on the hosts', () => {
    const { actions } = judge('ansible dbservers -m file -a "path=/var/lib/mysql state=absent"');
    expect(actions.some((a) => a.via[0] === 'ansible dbservers' && a.effect !== 'read')).toBe(true);
    expect(decideBuiltin(actions).verdict).not.toBe('allow');
  });
  it('judges vagrant ssh -c and nomad alloc exec payloads', () => {
    expect(
      judge("vagrant ssh -c 'rm -rf /home/vagrant/db'").actions.some(
        (a) => a.via[0] === 'vagrant ssh',
      ),
    ).toBe(true);
    expect(
      judge('nomad alloc exec 9f2c rm -rf /alloc/data').actions.some(
        (a) => a.via[0] === 'nomad alloc exec 9f2c',
      ),
    ).toBe(true);
  });
});
