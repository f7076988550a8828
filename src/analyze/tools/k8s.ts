/** Tool model: k8s (to be written). */
import { defineTool } from '../model.js';

export const k8sModel = defineTool({
  family: 'k8s',
  commands: [],
  analyze: () => [],
});
