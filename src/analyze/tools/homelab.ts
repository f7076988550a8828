/** Tool model: homelab (to be written). */
import { defineTool } from '../model.js';

export const homelabModel = defineTool({
  family: 'homelab',
  commands: [],
  analyze: () => [],
});
