/** Tool model: db (to be written). */
import { defineTool } from '../model.js';

export const dbModel = defineTool({
  family: 'db',
  commands: [],
  analyze: () => [],
});
