/**
 * Tool model: cloud-azure. The Azure CLI (`az`: resource groups, databases, storage, VMs, role
 * assignments, NSG rules, run-command payloads), `azcopy` and `func`. The environment comes from
 * resource groups (`-g rg-prod`), subscriptions and resource names.
 */
import { defineTool } from '../model.js';
import { analyzeAz } from './cloud-azure-az.js';
import { analyzeAzcopy, analyzeFunc } from './cloud-azure-tools.js';

export const cloudAzureModel = defineTool({
  family: 'cloud-azure',
  commands: ['az', 'azcopy', 'func'],
  analyze(inv, ctx) {
    switch (inv.name) {
      case 'az':
        return analyzeAz(inv, ctx);
      case 'azcopy':
        return analyzeAzcopy(inv, ctx);
      default:
        return analyzeFunc(inv, ctx);
    }
  },
});
