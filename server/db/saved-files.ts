/**
 * What a download of a step's saved file needs to know (server/http/file-download.ts): the
 * step's latest stored result in a run, and its type as the run's document has it.
 */
import type { Sql } from 'postgres';
import { z } from 'zod';

const resultSchema = z.object({ status: z.string(), type: z.string().nullable(), output_preview: z.unknown() });

export interface StepResultForDownload {
  status: string;
  /** The step's type in the run's document; null when the document has no such step. */
  type: string | null;
  outputPreview: unknown;
}

/** The latest attempt's result of `nodeId` in `runId`, or null when the step has none. */
export async function latestStepResult(sql: Sql, runId: string, nodeId: string): Promise<StepResultForDownload | null> {
  const [row] = await sql`
    select nr.status, nr.output_preview,
           (select n->>'type' from jsonb_array_elements(r.document->'nodes') n where n->>'id' = ${nodeId}) as type
    from node_runs nr join runs r on r.id = nr.run_id
    where nr.run_id = ${runId} and nr.node_id = ${nodeId}
    order by nr.attempt desc limit 1`;
  if (!row) return null;
  const r = resultSchema.parse(row);
  return { status: r.status, type: r.type, outputPreview: r.output_preview };
}
