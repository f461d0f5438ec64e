/** Keyboard shortcuts of the canvas: one list, used by the handler and the help dialog. */

/** True when keys typed there are text (a form field, a code editor), not canvas commands. */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target.closest('.monaco-editor, [contenteditable="true"]')) return true;
  const tag = target.tagName;
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag === 'INPUT') {
    const type = (target as HTMLInputElement).type;
    return !['button', 'checkbox', 'radio', 'submit', 'reset', 'range', 'color', 'file'].includes(type);
  }
  return false;
}

export interface Shortcut {
  keys: string[];
  what: string;
}

export const SHORTCUTS: Array<{ group: string; items: Shortcut[] }> = [
  {
    group: 'Editing',
    items: [
      { keys: ['Ctrl', 'Z'], what: 'Undo' },
      { keys: ['Ctrl', 'Shift', 'Z'], what: 'Redo (Ctrl+Y works too)' },
      { keys: ['Ctrl', 'C'], what: 'Copy the selected steps (and the connections between them)' },
      { keys: ['Ctrl', 'V'], what: 'Paste steps, also into another workflow' },
      { keys: ['Ctrl', 'D'], what: 'Duplicate the selected steps' },
      { keys: ['Delete'], what: 'Remove what is selected (Backspace works too)' },
      { keys: ['Ctrl', 'A'], what: 'Select everything' },
      { keys: ['Ctrl', 'S'], what: 'Save' },
    ],
  },
  {
    group: 'Selecting and moving',
    items: [
      { keys: ['Shift', 'Click'], what: 'Add a step to the selection, or take it out' },
      { keys: ['Shift', 'Drag'], what: 'Draw a box to select every step inside it' },
      { keys: ['Drag'], what: 'On an empty spot: move the view. On a step: move the step' },
      { keys: ['Scroll'], what: 'Zoom in and out' },
      { keys: ['Tab'], what: 'Move between steps; Enter selects the one in focus' },
      { keys: ['Arrow keys'], what: 'Move the selected steps' },
      { keys: ['Escape'], what: 'Clear the selection' },
      { keys: ['Right-click'], what: 'On a step: select it and show its actions (run from here, pin, turn off)' },
    ],
  },
  {
    group: 'Help',
    items: [{ keys: ['?'], what: 'Show this list' }],
  },
];
