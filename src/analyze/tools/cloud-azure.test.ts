import { describe } from 'vitest';
import { expectTable, type Allowed, type Flagged } from '../test-kit.js';

describe('az', () => {
  const flagged: Flagged[] = [
    ['az group delete -n rg-shared-dev --yes', 'catastrophic', 'az/delete-resource-group'],
    ['az sql server delete -g rg-data -n sqlsrv-main --yes', 'catastrophic', 'az/delete-database'],
    [
      'az sql db delete -g rg-production -s sqlsrv -n invoices --yes',
      'catastrophic',
      'az/delete-database',
    ],
    ['az sql db delete -g rg-data -s sqlsrv -n invoices --yes', 'high', 'az/delete-database'],
    [
      'az postgres flexible-server delete -g rg-data -n pg-main --yes',
      'catastrophic',
      'az/delete-database',
    ],
    [
      'az cosmosdb sql database delete -a cosmos-main -g rg-data -n catalog --yes',
      'high',
      'az/delete-database',
    ],
    ['az aks delete -g rg-k8s -n platform --yes --no-wait', 'catastrophic', 'az/delete-cluster'],
    [
      'az storage account delete -n stgshared -g rg-data --yes',
      'catastrophic',
      'az/delete-storage-account',
    ],
    ['az keyvault purge --name kv-payments', 'catastrophic', 'az/purge-vault'],
    ['az network dns zone delete -g rg-dns -n example.org --yes', 'catastrophic', 'az/delete-zone'],
    ['az backup vault delete -g rg-bk -n rsv-main --yes', 'catastrophic', 'az/delete-vault'],
    [
      'az storage container delete -n db-backups --account-name stgshared',
      'catastrophic',
      'az/delete-container',
    ],
    ['az storage container delete -n scratch --account-name stgshared', 'high', 'az/delete'],
    [
      'az storage blob delete-batch -s archive-backups --account-name stgshared',
      'catastrophic',
      'az/delete-container',
    ],
    [
      'az storage blob delete-batch -s uploads --pattern "tmp/*" --account-name stgshared',
      'high',
      'az/delete',
    ],
    [
      'az storage blob sync -c site --account-name stg -s ./dist --delete-destination true',
      'high',
      'az/sync-delete',
    ],
    ['az vm delete -g rg-app -n vm-worker-3 --yes', 'high', 'az/delete'],
    ['az keyvault delete --name kv-test', 'high', 'az/delete'],
    ['az webapp delete -g rg-app -n shop-web', 'high', 'az/delete'],
    ['az ad group delete --group contractors', 'high', 'az/delete'],
    ['az vm stop -g rg-app -n vm-worker-3', 'high', 'az/stop'],
    ['az vm deallocate -g rg-app -n vm-worker-3', 'high', 'az/stop'],
    ['az vm restart -g rg-app -n vm-worker-3', 'high', 'az/reboot'],
    ['az aks stop -g rg-k8s -n platform', 'high', 'az/stop'],
    ['az vmss scale -g rg-app -n ss-web --new-capacity 0', 'high', 'az/scale-to-zero'],
    [
      'az deployment group create -g rg-data -f main.bicep --mode Complete',
      'high',
      'az/complete-mode',
    ],
    [
      'az deployment group create -g rg-prod -f main.bicep --mode Complete',
      'catastrophic',
      'az/complete-mode',
    ],
    ['az lock delete -n do-not-delete -g rg-data', 'high', 'az/protection-off'],
    [
      'az monitor diagnostic-settings delete -n audit --resource /subscriptions/1/x',
      'high',
      'az/audit-off',
    ],
    [
      'az role assignment create --assignee ext@partner.com --role "User Access Administrator" --scope /subscriptions/1',
      'high',
      'az/iam-grant',
    ],
    [
      'az role assignment create --assignee-object-id 0000 --role Contributor',
      'high',
      'az/iam-grant',
    ],
    [
      'az storage container create -n pub --public-access container --account-name stg',
      'high',
      'az/public-access',
    ],
    [
      'az storage account update -n stg --allow-blob-public-access true',
      'high',
      'az/public-access',
    ],
    ['az storage account update -n stg --https-only false', 'high', 'az/tls-off'],
    [
      'az postgres flexible-server firewall-rule create -g rg -n pg --rule-name all --start-ip-address 0.0.0.0 --end-ip-address 255.255.255.255',
      'high',
      'az/public-access',
    ],
    [
      'az network nsg rule create -g rg --nsg-name nsg-app -n rdp --priority 200 --destination-port-ranges 3389',
      'high',
      'az/open-ingress',
    ],
    ['az vm open-port -g rg -n vm-1 --port 22', 'high', 'az/open-ingress'],
    [
      "az vm run-command invoke -g rg -n vm-1 --command-id RunShellScript --scripts 'az sql server delete -g rg -n sqlsrv --yes'",
      'catastrophic',
      'az/delete-database',
    ],
  ];
  const allowed: Allowed[] = [
    'az account show',
    'az account set --subscription Production',
    'az group list -o table',
    'az sql db show -g rg-production -s sqlsrv -n invoices',
    'az vm list -d --query "[].name"',
    'az aks get-credentials -g rg-k8s -n platform',
    'az keyvault secret list --vault-name kv-payments',
    'az webapp restart -g rg-app -n shop-web',
    'az webapp log tail -g rg-app -n shop-web',
    'az deployment group what-if -g rg-prod -f main.bicep --mode Complete',
    'az deployment group create -g rg-prod -f main.bicep --what-if',
    'az deployment group create -g rg-prod -f main.bicep',
    'az deployment group delete -g rg-prod -n old-deployment',
    'az role assignment create --assignee dev@shop.com --role Reader',
    'az storage container create -n private-data --account-name stg',
    'az storage blob upload -c site -n index.html -f index.html --account-name stg',
    'az network nsg rule create -g rg --nsg-name nsg-app -n https --priority 100 --destination-port-ranges 443',
    'az network nsg rule create -g rg --nsg-name nsg-app -n ssh --priority 110 --source-address-prefixes 10.0.0.0/8 --destination-port-ranges 22',
    'az sql server firewall-rule create -g rg -s sqlsrv -n azure-services --start-ip-address 0.0.0.0 --end-ip-address 0.0.0.0',
    'az group delete -n rg-prod --help',
    'az login --use-device-code',
  ];
  expectTable(flagged, allowed);
});

describe('azcopy and func', () => {
  const flagged: Flagged[] = [
    [
      "azcopy remove 'https://stg.blob.core.windows.net/db-backups?sv=1' --recursive",
      'catastrophic',
      'azcopy/remove',
    ],
    ["azcopy rm 'https://stg.blob.core.windows.net/uploads/a.png?sv=1'", 'high', 'azcopy/remove'],
    [
      "azcopy sync ./dist 'https://stg.blob.core.windows.net/site?sv=1' --delete-destination=true",
      'high',
      'azcopy/sync-delete',
    ],
    ['func kubernetes delete --name orders --namespace apps', 'high', 'func/delete'],
  ];
  const allowed: Allowed[] = [
    "azcopy copy ./dist 'https://stg.blob.core.windows.net/site?sv=1' --recursive",
    "azcopy sync ./dist 'https://stg.blob.core.windows.net/site?sv=1' --delete-destination=true --dry-run",
    "azcopy list 'https://stg.blob.core.windows.net/site?sv=1'",
    'azcopy jobs list',
    'func start',
    'func new --name Hello --template "HTTP trigger"',
    'func azure functionapp publish orders-fn',
    'func settings delete MY_KEY',
  ];
  expectTable(flagged, allowed);
});
