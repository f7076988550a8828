/** Tool model: backups (to be written). */
import { defineTool } from '../model.js';

export const backupsModel = defineTool({
  family: 'backups',
  commands: [],
  analyze: () => [],
});
