/** Tool model: secrets (to be written). */
import { defineTool } from '../model.js';

export const secretsModel = defineTool({
  family: 'secrets',
  commands: [],
  analyze: () => [],
});
