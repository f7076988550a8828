/** Tool model: cloud-aws (to be written). */
import { defineTool } from '../model.js';

export const cloudAwsModel = defineTool({
  family: 'cloud-aws',
  commands: [],
  analyze: () => [],
});
