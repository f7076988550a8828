/** Tool model: pkg (to be written). */
import { defineTool } from '../model.js';

export const pkgModel = defineTool({
  family: 'pkg',
  commands: [],
  analyze: () => [],
});
