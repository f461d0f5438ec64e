'use client';
/**
 * "Skip to…" links at the start of the editor, shown only when focused: without them a keyboard
 * user tabs through every entry of the step list before reaching the canvas.
 */
import type { MouseEvent, RefObject } from 'react';

interface SkipLinksProps {
  canvasRef: RefObject<HTMLDivElement | null>;
  /** Whether a step's settings are open (the link to them is offered then). */
  stepOpen: boolean;
}

const linkClass =
  'sr-only rounded-md bg-indigo-700 px-3 py-2 text-sm font-medium text-white shadow-lg focus:not-sr-only focus:m-2 focus:inline-block focus:outline-2 focus:outline-offset-2 focus:outline-indigo-700';

/** Focuses `el`, making it focusable by script if it is not by nature. */
function focusOn(el: HTMLElement | null | undefined): void {
  if (!el) return;
  if (el.tabIndex < 0 && !el.hasAttribute('tabindex')) el.tabIndex = -1;
  el.focus();
}

export function SkipLinks({ canvasRef, stepOpen }: SkipLinksProps) {
  const toCanvas = (e: MouseEvent) => {
    e.preventDefault();
    const canvas = canvasRef.current;
    // The first step is where keyboard work on the canvas starts (arrows move it, Enter opens it).
    focusOn(
      canvas?.querySelector<HTMLElement>('.react-flow__node-step.selected') ??
        canvas?.querySelector<HTMLElement>('.react-flow__node-step') ??
        canvas,
    );
  };
  const toSettings = (e: MouseEvent) => {
    e.preventDefault();
    const panel = document.getElementById('step-panel');
    focusOn(panel?.querySelector<HTMLElement>('#node-panel-panel input, #node-panel-panel select, #node-panel-panel textarea') ?? panel);
  };
  return (
    // In the flow, not floating: shown while focused, it pushes the toolbar down instead of covering it.
    <nav aria-label="Skip links" className="bg-slate-100">
      <a href="#canvas" className={linkClass} onClick={toCanvas}>
        Skip to the canvas
      </a>
      {stepOpen && (
        <a href="#step-panel" className={linkClass} onClick={toSettings}>
          Skip to the step settings
        </a>
      )}
    </nav>
  );
}
