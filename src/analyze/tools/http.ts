/** Tool model: http (to be written). */
import { defineTool } from '../model.js';

export const httpModel = defineTool({
  family: 'http',
  commands: [],
  analyze: () => [],
});
