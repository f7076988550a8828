/**
 * The registry of tool models, one per file in this folder. `registry.test.ts` fails when a model file exists
 * that is not listed here, so the list cannot silently fall behind the files.
 */
import type { ToolModel } from '../model.js';
import { fsModel } from './fs.js';
import { diskModel } from './disk.js';
import { gitModel } from './git.js';
import { dbModel } from './db.js';
import { httpModel } from './http.js';
import { k8sModel } from './k8s.js';
import { dockerModel } from './docker.js';
import { iacModel } from './iac.js';
import { cloudAwsModel } from './cloud-aws.js';
import { cloudGcpModel } from './cloud-gcp.js';
import { cloudAzureModel } from './cloud-azure.js';
import { cloudOtherModel } from './cloud-other.js';
import { systemModel } from './system.js';
import { networkModel } from './network.js';
import { pkgModel } from './pkg.js';
import { homelabModel } from './homelab.js';
import { backupsModel } from './backups.js';
import { secretsModel } from './secrets.js';
import { interpModel } from './interp.js';
import { selfModel } from './self.js';

export const MODELS: readonly ToolModel[] = [
  fsModel,
  diskModel,
  gitModel,
  dbModel,
  httpModel,
  k8sModel,
  dockerModel,
  iacModel,
  cloudAwsModel,
  cloudGcpModel,
  cloudAzureModel,
  cloudOtherModel,
  systemModel,
  networkModel,
  pkgModel,
  homelabModel,
  backupsModel,
  secretsModel,
  interpModel,
  selfModel,
];

const BY_COMMAND = new Map<string, ToolModel>();
for (const model of MODELS) {
  for (const command of model.commands) {
    if (BY_COMMAND.has(command)) {
      throw new Error(`${command} is claimed by both ${BY_COMMAND.get(command)?.family ?? ''} and ${model.family}`);
    }
    BY_COMMAND.set(command, model);
  }
}

/** The model that understands `command` (a normalised program name), if any. */
export function modelFor(command: string): ToolModel | undefined {
  return BY_COMMAND.get(command);
}
