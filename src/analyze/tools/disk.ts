/** Tool model: disk (to be written). */
import { defineTool } from '../model.js';

export const diskModel = defineTool({
  family: 'disk',
  commands: [],
  analyze: () => [],
});
