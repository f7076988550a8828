import { describe } from 'vitest';
import { expectTable, type Allowed, type Flagged } from '../test-kit.js';

describe('aws: security weakenings', () => {
  const flagged: Flagged[] = [
    [
      'aws s3api put-object-acl --bucket reports --key q3.pdf --acl public-read',
      'high',
      'aws/public-access',
    ],
    [
      'aws s3api put-bucket-acl --bucket logs --grant-read uri=http://acs.amazonaws.com/groups/global/AllUsers',
      'high',
      'aws/public-access',
    ],
    [
      'aws s3api put-bucket-policy --bucket media --policy \'{"Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"s3:*","Resource":"*"}]}\'',
      'high',
      'aws/public-access',
    ],
    ['aws s3api delete-public-access-block --bucket media', 'high', 'aws/public-access'],
    [
      'aws s3control put-public-access-block --account-id 1 --public-access-block-configuration BlockPublicPolicy=false',
      'high',
      'aws/public-access',
    ],
    [
      'aws rds modify-db-instance --db-instance-identifier crm --publicly-accessible',
      'high',
      'aws/public-access',
    ],
    [
      'aws ec2 modify-snapshot-attribute --snapshot-id snap-1 --attribute createVolumePermission --operation-type add --group-names all',
      'high',
      'aws/public-access',
    ],
    [
      'aws lambda add-permission --function-name f --statement-id s --action lambda:InvokeFunction --principal "*"',
      'high',
      'aws/public-access',
    ],
    [
      'aws iam attach-role-policy --role-name ci --policy-arn arn:aws:iam::aws:policy/AdministratorAccess',
      'high',
      'aws/iam-grant',
    ],
    [
      'aws iam attach-group-policy --group-name devs --policy-arn arn:aws:iam::aws:policy/IAMFullAccess',
      'high',
      'aws/iam-grant',
    ],
    [
      'aws iam put-user-policy --user-name bot --policy-name all --policy-document \'{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}\'',
      'high',
      'aws/iam-grant',
    ],
    ['aws iam add-user-to-group --user-name temp --group-name Admins', 'high', 'aws/iam-grant'],
    ['aws cloudtrail delete-trail --name management-events', 'high', 'aws/audit-off'],
    [
      'aws configservice stop-configuration-recorder --configuration-recorder-name default',
      'high',
      'aws/audit-off',
    ],
    ['aws guardduty update-detector --detector-id d1 --no-enable', 'high', 'aws/audit-off'],
    [
      'aws rds modify-db-cluster --db-cluster-identifier c1 --no-deletion-protection',
      'high',
      'aws/protection-off',
    ],
    [
      'aws rds modify-db-instance --db-instance-identifier c1 --backup-retention-period 0',
      'high',
      'aws/protection-off',
    ],
    [
      'aws cloudformation update-termination-protection --stack-name core --no-enable-termination-protection',
      'high',
      'aws/protection-off',
    ],
    [
      'aws s3api put-bucket-versioning --bucket docs --versioning-configuration Status=Suspended',
      'high',
      'aws/protection-off',
    ],
    [
      'aws ec2 authorize-security-group-ingress --group-id sg-1 --protocol tcp --port 5432 --cidr 0.0.0.0/0',
      'high',
      'aws/open-ingress',
    ],
    [
      'aws ec2 authorize-security-group-ingress --group-id sg-1 --ip-permissions IpProtocol=tcp,FromPort=3389,ToPort=3389,IpRanges=[{CidrIp=0.0.0.0/0}]',
      'high',
      'aws/open-ingress',
    ],
    [
      'aws rds-data execute-statement --resource-arn arn:c --secret-arn arn:s --sql "TRUNCATE events"',
      'high',
      'aws/sql',
    ],
    [
      'aws athena start-query-execution --query-string "DROP DATABASE analytics CASCADE"',
      'catastrophic',
      'aws/sql',
    ],
  ];
  const allowed: Allowed[] = [
    'aws s3api put-bucket-acl --bucket logs --acl private',
    'aws s3api put-bucket-policy --bucket media --policy file://policy.json',
    'aws s3api put-public-access-block --bucket b --public-access-block-configuration BlockPublicAcls=true,BlockPublicPolicy=true',
    'aws iam attach-role-policy --role-name ci --policy-arn arn:aws:iam::aws:policy/ReadOnlyAccess',
    'aws iam create-access-key --user-name deploy-bot',
    'aws ec2 authorize-security-group-ingress --group-id sg-1 --protocol tcp --port 443 --cidr 0.0.0.0/0',
    'aws ec2 authorize-security-group-ingress --group-id sg-1 --protocol tcp --port 22 --cidr 10.0.0.0/8',
    'aws rds modify-db-instance --db-instance-identifier c1 --deletion-protection',
    'aws cloudtrail lookup-events --max-results 5',
    'aws rds-data execute-statement --resource-arn arn:c --secret-arn arn:s --sql "SELECT 1"',
    'aws s3 ls s3://internal --no-verify-ssl',
  ];
  expectTable(flagged, allowed);
});
