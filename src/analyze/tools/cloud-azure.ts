/** Tool model: cloud-azure (to be written). */
import { defineTool } from '../model.js';

export const cloudAzureModel = defineTool({
  family: 'cloud-azure',
  commands: [],
  analyze: () => [],
});
