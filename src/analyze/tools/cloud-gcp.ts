/** Tool model: cloud-gcp (to be written). */
import { defineTool } from '../model.js';

export const cloudGcpModel = defineTool({
  family: 'cloud-gcp',
  commands: [],
  analyze: () => [],
});
