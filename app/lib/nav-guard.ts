/**
 * Client-side navigation does not fire `beforeunload`, so in-app links ask here first.
 * The editor registers a check while it has unsaved changes.
 */
let check: (() => boolean) | null = null;

export function setLeaveGuard(guard: (() => boolean) | null): void {
  check = guard;
}

/** True when the user may leave the current page (nothing unsaved, or they confirmed). */
export function mayLeave(): boolean {
  if (!check || !check()) return true;
  return window.confirm('You have unsaved changes. Leave without saving?');
}
