/** Tool model: interp (to be written). */
import { defineTool } from '../model.js';

export const interpModel = defineTool({
  family: 'interp',
  commands: [],
  analyze: () => [],
});
