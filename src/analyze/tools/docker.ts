/** Tool model: docker (to be written). */
import { defineTool } from '../model.js';

export const dockerModel = defineTool({
  family: 'docker',
  commands: [],
  analyze: () => [],
});
