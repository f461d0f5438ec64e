/** What the Run another workflow step may ask of the engine (ctx.subflows). */
import type { Item } from '../types';

export interface SubflowCall {
  /** The saved workflow to run; empty with `steps`. */
  workflowId: string;
  /** Run the calling step's own group of steps (Repeat until set to "Steps in this workflow") instead. */
  steps?: boolean;
  items: Item[];
  /**
   * Names this call among the step's calls (`all`, `item-3`): the same step, call and parent run
   * always give the same child run, so a step resumed after a crash finds its children instead
   * of starting them twice.
   */
  key: string;
  /** false: start it and go on (fire and forget). */
  wait: boolean;
  /** Whose output to give back: a step id of the called workflow; empty: its last step. */
  outputStep?: string;
}

export interface SubflowResult {
  runId: string;
  /** `started` when the call did not wait. */
  status: 'succeeded' | 'failed' | 'cancelled' | 'started';
  items: Item[];
  /** Why the called run failed, in its own words. */
  error?: string;
}

export interface SubflowAccess {
  call(call: SubflowCall): Promise<SubflowResult>;
}
