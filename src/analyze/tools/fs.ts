/** Tool model: fs (to be written). */
import { defineTool } from '../model.js';

export const fsModel = defineTool({
  family: 'fs',
  commands: [],
  analyze: () => [],
});
