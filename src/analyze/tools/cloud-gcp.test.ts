import { describe } from 'vitest';
import { expectTable, type Allowed, type Flagged } from '../test-kit.js';

describe('gcloud', () => {
  const flagged: Flagged[] = [
    ['gcloud projects delete sandbox-1234', 'catastrophic', 'gcloud/delete-project'],
    ['gcloud sql instances delete billing-pg', 'catastrophic', 'gcloud/delete-database'],
    [
      'gcloud spanner databases delete ledger --instance main',
      'catastrophic',
      'gcloud/delete-database',
    ],
    [
      'gcloud sql databases delete orders --instance pg-main --project shop-production',
      'catastrophic',
      'gcloud/delete-database',
    ],
    ['gcloud sql databases delete orders --instance pg-main', 'high', 'gcloud/delete-database'],
    [
      'gcloud container clusters delete ci-runners --zone us-east1-b --quiet',
      'catastrophic',
      'gcloud/delete-cluster',
    ],
    [
      'gcloud alloydb clusters delete analytics --region us-east1',
      'catastrophic',
      'gcloud/delete-cluster',
    ],
    [
      'gcloud composer environments delete airflow --location us-east1',
      'catastrophic',
      'gcloud/delete-environment',
    ],
    ['gcloud dns managed-zones delete example-com', 'catastrophic', 'gcloud/delete-zone'],
    [
      'gcloud deployment-manager deployments delete base-network',
      'catastrophic',
      'gcloud/delete-stack',
    ],
    [
      'gcloud kms keys versions destroy 3 --key app --keyring main --location global',
      'catastrophic',
      'gcloud/kms-key-destroy',
    ],
    ['gcloud compute instances delete worker-7 --zone europe-west4-a', 'high', 'gcloud/delete'],
    ['gcloud compute snapshots delete nightly-2024-05-01', 'high', 'gcloud/delete'],
    ['gcloud beta run services delete checkout --region us-central1', 'high', 'gcloud/delete'],
    ['gcloud deploy delivery-pipelines delete web --region us-central1', 'high', 'gcloud/delete'],
    ['gcloud functions delete on-upload --region us-central1', 'high', 'gcloud/delete'],
    ['gcloud compute instances stop worker-7', 'high', 'gcloud/stop'],
    ['gcloud compute instances suspend worker-7', 'high', 'gcloud/stop'],
    ['gcloud compute instances reset worker-7', 'high', 'gcloud/reboot'],
    ['gcloud services disable sqladmin.googleapis.com', 'high', 'gcloud/disable'],
    ['gcloud container clusters resize ci-runners --num-nodes 0', 'high', 'gcloud/scale-to-zero'],
    ['gcloud sql instances patch billing-pg --activation-policy NEVER', 'high', 'gcloud/stop'],
    ['gcloud sql instances patch billing-pg --no-backup', 'high', 'gcloud/protection-off'],
    [
      'gcloud sql instances patch billing-pg --no-deletion-protection',
      'high',
      'gcloud/protection-off',
    ],
    [
      'gcloud sql instances patch billing-pg --authorized-networks=10.0.0.0/8,0.0.0.0/0',
      'high',
      'gcloud/public-access',
    ],
    [
      'gcloud projects add-iam-policy-binding shop --member=allAuthenticatedUsers --role=roles/viewer',
      'high',
      'gcloud/public-access',
    ],
    [
      'gcloud projects add-iam-policy-binding shop --member=user:contractor@gmail.com --role=roles/editor',
      'high',
      'gcloud/iam-grant',
    ],
    [
      'gcloud compute firewall-rules create open-db --allow=tcp:5432 --source-ranges=0.0.0.0/0',
      'high',
      'gcloud/open-ingress',
    ],
    [
      'gcloud compute firewall-rules create anything --allow=all --source-ranges=0.0.0.0/0',
      'high',
      'gcloud/open-ingress',
    ],
    ['gcloud storage rm --recursive gs://ledger-backups', 'catastrophic', 'gcloud/storage-rm'],
    ['gcloud storage rm --recursive gs://scratch-area', 'high', 'gcloud/storage-rm'],
    ['gcloud storage rm gs://uploads/a.png', 'high', 'gcloud/delete'],
    [
      'gcloud storage objects update gs://b/o --predefined-acl=publicRead',
      'high',
      'gcloud/public-access',
    ],
    [
      'gcloud storage rsync ./site gs://www --recursive --delete-unmatched-destination-objects',
      'high',
      'gcloud/sync-delete',
    ],
    [
      "gcloud compute ssh db-1 --command 'gcloud sql instances delete main-db --quiet'",
      'catastrophic',
      'gcloud/delete-database',
    ],
  ];
  const allowed: Allowed[] = [
    'gcloud projects list',
    'gcloud sql instances describe billing-pg',
    'gcloud compute instances list --filter="name~prod"',
    'gcloud container clusters get-credentials prod-gke --region us-central1',
    'gcloud logging read "severity>=ERROR" --limit 20',
    'gcloud config set project shop-production',
    'gcloud config configurations delete old-config',
    'gcloud auth login',
    'gcloud auth revoke --all',
    'gcloud auth print-access-token',
    'gcloud run deploy web --image gcr.io/shop/web --region us-central1',
    'gcloud app deploy app.yaml',
    'gcloud builds submit --tag gcr.io/shop/web',
    'gcloud sql instances restart billing-pg',
    'gcloud compute instances create worker-8 --zone europe-west4-a',
    'gcloud projects add-iam-policy-binding shop --member=serviceAccount:ci@shop.iam.gserviceaccount.com --role=roles/run.developer',
    'gcloud projects remove-iam-policy-binding shop --member=user:old@shop.com --role=roles/viewer',
    'gcloud compute firewall-rules create web --allow=tcp:443 --source-ranges=0.0.0.0/0',
    'gcloud compute firewall-rules create ssh-internal --allow=tcp:22 --source-ranges=10.0.0.0/8',
    'gcloud storage cp ./report.csv gs://exports/',
    'gcloud sql instances delete billing-pg --help',
    'gcloud help sql instances delete',
  ];
  expectTable(flagged, allowed);
});

describe('gsutil and bq', () => {
  const flagged: Flagged[] = [
    ['gsutil -m rm -r gs://orders-backup', 'catastrophic', 'gsutil/rm'],
    ['gsutil rm -r gs://tmp-area', 'high', 'gsutil/rm'],
    ['gsutil rm gs://tmp-area/**', 'high', 'gsutil/rm'],
    ['gsutil rm -a gs://uploads/a.png', 'high', 'gsutil/rm'],
    ['gsutil rb gs://tmp-area', 'high', 'gsutil/rb'],
    ['gsutil rsync -r -d ./site gs://www-bucket', 'high', 'gsutil/sync-delete'],
    [
      'gsutil iam ch allAuthenticatedUsers:objectViewer gs://hr-docs',
      'high',
      'gsutil/public-access',
    ],
    ['gsutil acl ch -g AllUsers:R gs://hr-docs/salaries.csv', 'high', 'gsutil/public-access'],
    ['gsutil acl set public-read gs://hr-docs/salaries.csv', 'high', 'gsutil/public-access'],
    ['gsutil versioning set off gs://hr-docs', 'high', 'gsutil/protection-off'],
    ['bq rm -r -f -d shop-production:sales', 'catastrophic', 'bq/rm-dataset'],
    ['bq rm -r -f sandbox', 'high', 'bq/rm-dataset'],
    ['bq rm -f sales.orders', 'high', 'bq/rm-table'],
    ["bq query --nouse_legacy_sql 'DELETE FROM sales.orders WHERE true'", 'high', 'bq/sql'],
    ["bq query --use_legacy_sql=false 'DROP SCHEMA sales CASCADE'", 'catastrophic', 'bq/sql'],
  ];
  const allowed: Allowed[] = [
    'gsutil ls -l gs://orders-backup',
    'gsutil cat gs://logs/app.log',
    'gsutil -m cp -r ./dist gs://www-bucket',
    'gsutil rsync -n -r -d ./site gs://www-bucket',
    'gsutil iam ch -d allUsers gs://hr-docs',
    'gsutil du -s gs://orders-backup',
    'bq ls --project_id shop-production',
    'bq show --schema sales.orders',
    'bq head -n 10 sales.orders',
    "bq query --nouse_legacy_sql 'SELECT COUNT(*) FROM sales.orders'",
    "bq query --dry_run --nouse_legacy_sql 'DROP TABLE sales.orders'",
    'bq mk --dataset sandbox',
    'bq load --source_format=CSV sales.daily ./daily.csv',
  ];
  expectTable(flagged, allowed);
});

describe('firebase', () => {
  const flagged: Flagged[] = [
    [
      'firebase firestore:delete --all-collections -f --project shop-prod',
      'catastrophic',
      'firebase/delete-database',
    ],
    ['firebase firestore:delete orders -r -f', 'catastrophic', 'firebase/delete-collection'],
    ['firebase firestore:delete orders/abc123/items -r', 'high', 'firebase/delete'],
    ['firebase database:remove / -f', 'catastrophic', 'firebase/delete-database'],
    ['firebase database:remove /presence/u1', 'high', 'firebase/delete'],
    ['firebase database:set /config ./config.json', 'high', 'firebase/overwrite'],
    ['firebase hosting:disable --site shop', 'high', 'firebase/disable'],
    ['firebase functions:delete sendMail --region us-central1', 'high', 'firebase/delete'],
  ];
  const allowed: Allowed[] = [
    'firebase apps:list',
    'firebase deploy --only functions',
    'firebase emulators:start',
    'firebase database:get /users --shallow',
    'firebase hosting:channel:delete preview-123 -f',
    'firebase use --add',
    'firebase login',
    'firebase firestore:delete --all-collections --help',
  ];
  expectTable(flagged, allowed);
});
