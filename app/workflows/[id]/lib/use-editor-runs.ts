'use client';
/**
 * Runs started from the editor: Run (the canvas as it is now), Run from here, Stop, and a toast
 * saying how each run ended. The last run stays shown on the steps until hidden.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useToast } from '../../../components/toast';
import { explainError } from '../../../lib/error-words';
import { errorMessage, errorProblems, shortProblemMessage } from '../../../lib/errors';
import { duration, plural } from '../../../lib/format';
import { useTRPC } from '../../../lib/trpc';
import { shapeProblems } from './check-document';
import { isFinal, useRunState } from './use-run-state';
import type { WorkflowEditor } from './use-workflow-editor';

interface Options {
  editor: WorkflowEditor;
  workflowId: string;
  onStarted: () => void;
}

export function useEditorRuns({ editor, workflowId, onStarted }: Options) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const [runId, setRunId] = useState<string | null>(null);
  const [inputText, setInputText] = useState('');
  const state = useRunState(runId);
  const startRun = useMutation(trpc.runs.start.mutationOptions());
  const startFrom = useMutation(trpc.runs.runFrom.mutationOptions());
  const cancelRun = useMutation(trpc.runs.cancel.mutationOptions());
  const { latest, setProblems } = editor;

  // Say once how a run ended.
  const announced = useRef<string | null>(null);
  const finished = state.detail && isFinal(state.detail.status) ? state.detail : undefined;
  useEffect(() => {
    if (!finished || announced.current === finished.id) return;
    announced.current = finished.id;
    if (finished.status === 'succeeded' && finished.warningCount > 0) {
      toast(
        `Run finished with ${plural(finished.warningCount, 'warning')} (${duration(finished.durationMs)}): click the steps marked with a warning to see why.`,
        'info',
      );
    } else if (finished.status === 'succeeded')
      toast(`Run finished: every step that ran succeeded (${duration(finished.durationMs)}).`, 'success');
    else if (finished.status === 'cancelled') toast('The run was cancelled.', 'info');
    else {
      const nodeId = finished.error?.nodeId;
      const at = nodeId ? latest.current.nodes.find((n) => n.id === nodeId && n.type === 'step') : undefined;
      const name = at?.type === 'step' ? at.data.name : undefined;
      const message = finished.error?.message;
      const words = (message && explainError(message)) ?? message ?? 'see the red step';
      toast(
        `The run failed${name ? ` at "${name}"` : ''}: ${/[.!?]$/.test(words) ? words : `${words}.`} Click the step to see why.`,
        'error',
      );
    }
  }, [finished, toast, latest]);

  const started = useCallback(
    (id: string) => {
      setRunId(id);
      onStarted();
      void queryClient.invalidateQueries({ queryKey: trpc.runs.list.queryKey() });
    },
    [onStarted, queryClient, trpc],
  );

  const refused = useCallback(
    (error: unknown) => {
      const problems = errorProblems(error);
      if (problems?.length) {
        setProblems(problems);
        toast(
          `This workflow can't run yet: ${plural(problems.length, 'problem')} to fix. They are marked on the steps and listed on the right.`,
          'error',
        );
      } else toast(`The run could not start: ${errorMessage(error)}`, 'error');
    },
    [setProblems, toast],
  );

  /** False (with the reason shown) when the document's shape is not valid yet. */
  const checkShape = useCallback(() => {
    const shape = shapeProblems(latest.current.document);
    if (!shape.length) return true;
    setProblems(shape);
    toast(`This workflow can't run yet: ${shortProblemMessage(shape[0].message)}`, 'error');
    return false;
  }, [latest, setProblems, toast]);

  const run = async (input: unknown) => {
    if (!checkShape()) return;
    try {
      const result = await startRun.mutateAsync({ workflowId, document: latest.current.document, input });
      started(result.runId);
    } catch (error) {
      refused(error);
    }
  };

  const runFrom = useCallback(
    async (sourceRunId: string, nodeId: string) => {
      if (!checkShape()) return;
      try {
        const result = await startFrom.mutateAsync({ runId: sourceRunId, nodeId, document: latest.current.document });
        started(result.runId);
        toast('Running this step and the steps after it again. The steps before it keep their results from the last run.', 'info');
      } catch (error) {
        refused(error);
      }
    },
    [checkShape, startFrom, latest, started, refused, toast],
  );

  const running = startRun.isPending || startFrom.isPending || (runId !== null && !!state.detail && !isFinal(state.detail.status));
  const stop =
    running && runId
      ? () =>
          cancelRun.mutate(
            { runId },
            { onSuccess: () => toast('Stopping the run…', 'info'), onError: (e) => toast(errorMessage(e), 'error') },
          )
      : null;

  return {
    run,
    runFrom: useCallback((sourceRunId: string, nodeId: string) => void runFrom(sourceRunId, nodeId), [runFrom]),
    running,
    stop,
    shown: runId ? { runId, detail: state.detail } : null,
    liveNodes: state.liveNodes,
    hide: () => setRunId(null),
    inputText,
    setInputText,
  };
}
