import { describe } from 'vitest';
import { expectTable, type Allowed, type Flagged } from '../test-kit.js';

describe('aws: deletions by verb and noun', () => {
  const flagged: Flagged[] = [
    [
      'aws rds delete-db-cluster --db-cluster-identifier billing-aurora --skip-final-snapshot',
      'catastrophic',
      'aws/delete-database',
    ],
    [
      'aws --profile live rds delete-db-instance --db-instance-identifier users',
      'catastrophic',
      'aws/delete-database',
    ],
    [
      'aws redshift delete-cluster --cluster-identifier warehouse --skip-final-cluster-snapshot',
      'catastrophic',
      'aws/delete-database',
    ],
    ['aws ecs delete-cluster --cluster checkout', 'catastrophic', 'aws/delete-cluster'],
    ['aws eks delete-cluster --name platform-eu', 'catastrophic', 'aws/delete-cluster'],
    [
      'aws cloudformation delete-stack --stack-name network-baseline',
      'catastrophic',
      'aws/delete-stack',
    ],
    ['aws route53 delete-hosted-zone --id Z9XYZ', 'catastrophic', 'aws/delete-zone'],
    [
      'aws efs delete-file-system --file-system-id fs-0abc',
      'catastrophic',
      'aws/delete-filesystem',
    ],
    [
      'aws backup delete-backup-vault --backup-vault-name nightly',
      'catastrophic',
      'aws/delete-backup-vault',
    ],
    [
      'aws organizations close-account --account-id 123456789012',
      'catastrophic',
      'aws/organization',
    ],
    [
      'aws kms schedule-key-deletion --key-id 1234abcd --pending-window-in-days 7',
      'catastrophic',
      'aws/kms-key-deletion',
    ],
    [
      'aws dynamodb delete-table --table-name carts --profile production',
      'catastrophic',
      'aws/delete-table',
    ],
    ['aws dynamodb delete-table --table-name carts-sandbox', 'high', 'aws/delete-table'],
    [
      'AWS_DEFAULT_PROFILE=prod aws dynamodb delete-table --table-name carts',
      'catastrophic',
      'aws/delete-table',
    ],
    ['aws ec2 terminate-instances --instance-ids i-0a1 i-0a2', 'high', 'aws/terminate-instances'],
    [
      'aws ec2 terminate-instances --instance-ids i-1 i-2 i-3 i-4 i-5 i-6',
      'catastrophic',
      'aws/terminate-instances',
    ],
    [
      'AWS_PROFILE=prod aws ec2 terminate-instances --instance-ids $(cat ids.txt)',
      'catastrophic',
      'aws/terminate-instances',
    ],
    ['aws ec2 delete-volume --volume-id vol-0abc', 'high', 'aws/delete'],
    ['aws ec2 deregister-image --image-id ami-0abc', 'high', 'aws/delete'],
    ['aws ec2 release-address --allocation-id eipalloc-1', 'high', 'aws/delete'],
    ['aws lambda delete-function --function-name resize-images', 'high', 'aws/delete'],
    [
      'aws ecr batch-delete-image --repository-name api --image-ids imageTag=v1',
      'high',
      'aws/delete',
    ],
    [
      'aws sqs purge-queue --queue-url https://sqs.eu-west-1.amazonaws.com/1/jobs',
      'high',
      'aws/delete',
    ],
    [
      'aws secretsmanager delete-secret --secret-id app/db --force-delete-without-recovery',
      'high',
      'aws/delete',
    ],
    ['aws iam delete-role --role-name deployer', 'high', 'aws/delete'],
    [
      'aws elasticache delete-replication-group --replication-group-id sessions',
      'high',
      'aws/delete',
    ],
    ['aws ec2 stop-instances --instance-ids i-0abc', 'high', 'aws/stop'],
    ['aws rds stop-db-instance --db-instance-identifier reporting', 'high', 'aws/stop'],
    ['aws rds reboot-db-instance --db-instance-identifier reporting', 'high', 'aws/reboot'],
    [
      'aws ecs update-service --cluster web --service frontend --desired-count 0',
      'high',
      'aws/scale-to-zero',
    ],
    [
      'aws autoscaling update-auto-scaling-group --auto-scaling-group-name web --min-size 0 --max-size 0',
      'high',
      'aws/scale-to-zero',
    ],
    [
      'aws route53 change-resource-record-sets --hosted-zone-id Z1 --change-batch \'{"Changes":[{"Action":"DELETE"}]}\'',
      'high',
      'aws/dns-delete',
    ],
    [
      'aws iam detach-role-policy --role-name app --policy-arn arn:aws:iam::1:policy/x',
      'high',
      'aws/disable',
    ],
    ['aws somenewservice delete-widget --widget-id w-1', 'high', 'aws/delete'],
    ['awslocal cloudformation delete-stack --stack-name demo', 'high', 'aws/delete-stack'],
  ];
  const allowed: Allowed[] = [
    'aws --profile prod sts get-caller-identity',
    'aws ec2 describe-instances --filters Name=instance-state-name,Values=running',
    'aws rds describe-db-instances --db-instance-identifier prod-main',
    'aws dynamodb query --table-name carts-prod --key-condition-expression "pk = :p"',
    'aws dynamodb delete-item --table-name carts --key \'{"pk":{"S":"cart#1"}}\'',
    'aws sqs delete-message --queue-url https://sqs/q --receipt-handle abc',
    'aws ec2 delete-tags --resources i-1 --tags Key=tmp',
    'aws ec2 terminate-instances --instance-ids i-0abc --dry-run',
    'aws ec2 run-instances --image-id ami-1 --count 1 --instance-type t3.micro',
    'aws ecs update-service --cluster web --service frontend --force-new-deployment',
    'aws cloudformation deploy --stack-name api-prod --template-file tpl.yaml',
    'aws cloudformation delete-change-set --change-set-name cs1 --stack-name api',
    'aws lambda invoke --function-name thumbnails out.json',
    'aws logs filter-log-events --log-group-name /app/prod --filter-pattern ERROR',
    'aws athena stop-query-execution --query-execution-id q1',
    'aws configure set region eu-central-1',
    'aws sso login --profile prod',
    'aws rds delete-db-instance help',
    'aws --version',
  ];
  expectTable(flagged, allowed);
});

describe('aws s3, s3cmd and the deployment CLIs', () => {
  const flagged: Flagged[] = [
    ['aws s3 rb s3://team-db-backups --force', 'catastrophic', 'aws/s3-rb'],
    ['aws s3 rb s3://scratch-42 --force', 'high', 'aws/s3-rb'],
    ['aws s3 rb s3://scratch-42', 'high', 'aws/s3-rb'],
    ['aws s3 rm s3://analytics-prod --recursive', 'catastrophic', 'aws/s3-rm'],
    ['aws s3 rm s3://analytics-prod/tmp/ --recursive', 'high', 'aws/s3-rm'],
    ['aws s3 rm s3://uploads/avatar.png', 'high', 'aws/s3-rm'],
    ['aws s3 rm "s3://$BUCKET" --recursive', 'high', 'aws/s3-rm'],
    ['aws s3 sync ./public s3://site-assets --delete', 'high', 'aws/s3-sync-delete'],
    ['aws s3 sync s3://shared ./mirror --delete', 'high', 'aws/s3-sync-delete'],
    ['s3cmd rb --recursive s3://old-backups', 'catastrophic', 's3cmd/s3-rb'],
    ['s3cmd del s3://uploads/a.txt', 'high', 's3cmd/s3-rm'],
    ['s3cmd setacl --acl-public s3://private-data', 'high', 's3cmd/public-access'],
    ['s3cmd sync --delete-removed ./out s3://site', 'high', 's3cmd/s3-sync-delete'],
    ['eb terminate shop-dev --force', 'catastrophic', 'eb/terminate'],
    ['eb scale 0 shop-dev', 'high', 'eb/scale-to-zero'],
    ['ecs-cli down --force --cluster-config staging', 'catastrophic', 'ecs-cli/delete-cluster'],
    ['ecs-cli compose service rm --cluster-config dev', 'high', 'ecs-cli/delete'],
    [
      "eb ssh shop-prod --command 'aws s3 rb s3://shop-prod-media --force'",
      'catastrophic',
      'aws/s3-rb',
    ],
    [
      'aws ssm send-command --document-name AWS-RunShellScript --targets Key=tag:role,Values=web --parameters \'{"commands":["aws eks delete-cluster --name web"]}\'',
      'catastrophic',
      'aws/delete-cluster',
    ],
  ];
  const allowed: Allowed[] = [
    'aws s3 ls s3://team-db-backups',
    'aws s3 cp ./build s3://www-example/ --recursive',
    'aws s3 cp s3://team-db-backups/latest.dump /tmp/latest.dump',
    'aws s3 sync ./public s3://site-assets --delete --dryrun',
    'aws s3 mv s3://inbox/a.csv s3://processed/a.csv',
    'aws s3 mb s3://new-bucket',
    'aws s3 presign s3://reports/q3.pdf --expires-in 600',
    's3cmd ls s3://uploads',
    's3cmd put report.pdf s3://uploads/',
    's3cmd del -r -n s3://uploads/tmp',
    'eb status',
    'eb deploy shop-prod',
    'eb logs shop-prod',
    'ecs-cli compose up',
  ];
  expectTable(flagged, allowed);
});
