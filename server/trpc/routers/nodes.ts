import { nodeCatalog } from '../../../nodes';
import { publicProcedure, router } from '../init';

export const nodesRouter = router({
  /** Every node type with the JSON Schema of its config, for the palette and the forms. */
  catalog: publicProcedure.query(() => nodeCatalog()),
});
