/**
 * Tool model: infrastructure as code. terraform/tofu/terragrunt (`iac-terraform.ts`), stack tools (pulumi,
 * cdk, cdktf, sam, serverless: `iac-stacks.ts`), configuration management (ansible: `iac-ansible.ts`) and
 * vagrant/packer/nomad/waypoint (`iac-other.ts`). `aws cloudformation` belongs to the aws model.
 */
import { defineTool } from '../model.js';
import { analyzeAnsible, analyzePlaybook } from './iac-ansible.js';
import { analyzeNomad, analyzePacker, analyzeVagrant, analyzeWaypoint } from './iac-other.js';
import { analyzeCdk, analyzePulumi, analyzeSam, analyzeServerless } from './iac-stacks.js';
import { analyzeTerraform } from './iac-terraform.js';
import { analyzeTerragrunt } from './iac-terragrunt.js';
import { wordList } from './k8s-common.js';

export const iacModel = defineTool({
  family: 'iac',
  commands: wordList(`
    terraform tofu terragrunt pulumi cdk cdktf sam serverless sls ansible ansible-playbook
    vagrant packer nomad waypoint
  `),
  analyze(inv, ctx) {
    switch (inv.name) {
      case 'terraform':
      case 'tofu':
        return analyzeTerraform(inv, ctx);
      case 'terragrunt':
        return analyzeTerragrunt(inv, ctx);
      case 'pulumi':
        return analyzePulumi(inv, ctx);
      case 'cdk':
      case 'cdktf':
        return analyzeCdk(inv, ctx);
      case 'sam':
        return analyzeSam(inv, ctx);
      case 'serverless':
      case 'sls':
        return analyzeServerless(inv, ctx);
      case 'ansible':
        return analyzeAnsible(inv, ctx);
      case 'ansible-playbook':
        return analyzePlaybook(inv, ctx);
      case 'vagrant':
        return analyzeVagrant(inv, ctx);
      case 'packer':
        return analyzePacker(inv, ctx);
      case 'nomad':
        return analyzeNomad(inv, ctx);
      default:
        return analyzeWaypoint(inv, ctx);
    }
  },
});
