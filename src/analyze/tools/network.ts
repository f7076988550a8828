/** Tool model: network (to be written). */
import { defineTool } from '../model.js';

export const networkModel = defineTool({
  family: 'network',
  commands: [],
  analyze: () => [],
});
