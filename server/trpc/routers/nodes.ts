import { nodeCatalog } from '../../../nodes';
import { openProcedure, router } from '../init';

export const nodesRouter = router({
  /**
   * Every node type with the JSON Schema of its config, for the palette and the forms. Open: the
   * public share page draws its steps with it, and it holds no user data.
   */
  catalog: openProcedure.query(() => nodeCatalog()),
});
