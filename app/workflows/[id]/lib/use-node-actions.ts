'use client';
/** What the steps on the canvas can do: add the next step, run from here, pin, turn off, notes. */
import { useQueryClient } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useToast } from '../../../components/toast';
import type { RunDetail, WorkflowNode } from '../../../lib/api-types';
import { errorMessage } from '../../../lib/errors';
import { useTRPC } from '../../../lib/trpc';
import type { NodeActions } from './editor-context';
import { isFinal } from './use-run-state';
import type { WorkflowEditor } from './use-workflow-editor';

/** Pinned items are kept in the workflow itself, so only this many are kept per output. */
export const PIN_LIMIT = 1000;

interface Options {
  editor: WorkflowEditor;
  run: { runId: string; detail: RunDetail | undefined } | null;
  onAddAfter: (nodeId: string, handle: string) => void;
  onRunFrom: (runId: string, nodeId: string) => void;
}

export function useNodeActions({ editor, run, onAddAfter, onRunFrom }: Options): NodeActions {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const { updateNodeData, updateNote, removeNodes, latest } = editor;
  const finishedRunId = run && run.detail && isFinal(run.detail.status) ? run.runId : null;
  // A step's output is stored the moment it succeeds, so it can be pinned while later steps of
  // the same run are still going (the canvas shows the step done before the run's end arrives).
  const runId = run?.runId ?? null;
  const detail = run?.detail;

  return useMemo<NodeActions>(() => {
    const stepNamed = (id: string) => latest.current.nodes.find((n) => n.id === id && n.type === 'step');

    const pin = async (nodeId: string) => {
      const view = detail?.nodes[nodeId];
      if (!runId || !view || view.status !== 'succeeded') {
        toast('Run the workflow first: there is no output to pin yet.', 'info');
        return;
      }
      try {
        const pinned: NonNullable<WorkflowNode['pinnedOutput']> = {};
        let cut = false;
        for (const [handle, count] of Object.entries(view.outputCounts)) {
          const page = await queryClient.fetchQuery(
            trpc.runs.outputPage.queryOptions({ runId, nodeId, handle, offset: 0, limit: PIN_LIMIT }),
          );
          if (page.capped > 0) {
            // The page holds notes in place of items too large to send: pinning those would pin the notes.
            toast('This output has items too large to pin here. Pin a smaller output, or shrink the items in an earlier step.', 'error');
            return;
          }
          pinned[handle] = page.items;
          if (count > PIN_LIMIT) cut = true;
        }
        updateNodeData(nodeId, { pinnedOutput: pinned }, { step: true });
        toast(
          cut
            ? `Pinned the first ${PIN_LIMIT} items of each output. Runs now use them instead of running this step.`
            : 'Output pinned. Runs now use it instead of running this step (Unpin to run it again).',
          'success',
        );
      } catch (error) {
        toast(`The output could not be pinned: ${errorMessage(error)}`, 'error');
      }
    };

    return {
      addAfter: onAddAfter,
      runFrom: finishedRunId ? (nodeId) => onRunFrom(finishedRunId, nodeId) : null,
      togglePin: (nodeId) => {
        const node = stepNamed(nodeId);
        if (node?.type !== 'step') return;
        if (node.data.pinnedOutput) {
          updateNodeData(nodeId, { pinnedOutput: undefined }, { step: true });
          toast(`“${node.data.name}” will run again on the next run.`, 'info');
        } else void pin(nodeId);
      },
      toggleDisabled: (nodeId) => {
        const node = stepNamed(nodeId);
        if (node?.type !== 'step') return;
        const disabled = !node.data.disabled;
        updateNodeData(nodeId, { disabled: disabled || undefined }, { step: true });
        toast(disabled ? `“${node.data.name}” is off: runs pass its items straight through.` : `“${node.data.name}” is on again.`, 'info');
      },
      updateNote,
      removeNote: (noteId) => removeNodes([noteId]),
    };
  }, [finishedRunId, runId, detail, onAddAfter, onRunFrom, updateNodeData, updateNote, removeNodes, latest, queryClient, trpc, toast]);
}
