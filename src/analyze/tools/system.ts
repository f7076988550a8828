/** Tool model: system (to be written). */
import { defineTool } from '../model.js';

export const systemModel = defineTool({
  family: 'system',
  commands: [],
  analyze: () => [],
});
