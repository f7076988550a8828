/** Tool model: git (to be written). */
import { defineTool } from '../model.js';

export const gitModel = defineTool({
  family: 'git',
  commands: [],
  analyze: () => [],
});
