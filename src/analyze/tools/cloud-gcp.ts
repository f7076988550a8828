/**
 * Tool model: cloud-gcp. `gcloud` (path grammar with rules for whole projects, databases and
 * clusters and checks for public members, admin roles and open firewalls), `gsutil` and `bq`
 * (storage and BigQuery data), and `firebase`. The environment comes from `--project`,
 * `CLOUDSDK_CORE_PROJECT` and resource names.
 */
import { defineTool } from '../model.js';
import { analyzeGcloud } from './cloud-gcp-gcloud.js';
import { analyzeBq, analyzeGsutil } from './cloud-gcp-storage.js';
import { analyzeFirebase } from './cloud-gcp-firebase.js';

export const cloudGcpModel = defineTool({
  family: 'cloud-gcp',
  commands: ['gcloud', 'gsutil', 'bq', 'firebase'],
  analyze(inv, ctx) {
    switch (inv.name) {
      case 'gcloud':
        return analyzeGcloud(inv, ctx);
      case 'gsutil':
        return analyzeGsutil(inv, ctx);
      case 'bq':
        return analyzeBq(inv, ctx);
      default:
        return analyzeFirebase(inv, ctx);
    }
  },
});
