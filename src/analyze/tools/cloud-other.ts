/** Tool model: cloud-other (to be written). */
import { defineTool } from '../model.js';

export const cloudOtherModel = defineTool({
  family: 'cloud-other',
  commands: [],
  analyze: () => [],
});
