import { systemStatus } from '../../services/system-status';
import { router, viewerProcedure } from '../init';

export const systemRouter = router({
  /** Switched-off features and missing parts, for the banner, catalogue, editor, share dialog… */
  status: viewerProcedure.query(({ ctx }) => systemStatus(ctx)),
});
