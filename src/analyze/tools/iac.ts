/** Tool model: iac (to be written). */
import { defineTool } from '../model.js';

export const iacModel = defineTool({
  family: 'iac',
  commands: [],
  analyze: () => [],
});
