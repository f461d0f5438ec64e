/**
 * Steps in columns for a left-to-right drawing, in time linear in steps + connections: each step
 * goes one column right of the furthest step that feeds it. A loop (a connection back to an
 * earlier step) is cut where it is met: the step of the loop that comes first in the given order
 * starts it, so every step gets a column and nothing recurses.
 */
interface Connection {
  source: string;
  target: string;
}

export function layerSteps(ids: string[], connections: Connection[]): string[][] {
  const known = new Set(ids);
  const outgoing = new Map<string, string[]>(ids.map((id) => [id, []]));
  const waitingFor = new Map<string, number>(ids.map((id) => [id, 0]));
  for (const c of connections) {
    if (!known.has(c.source) || !known.has(c.target) || c.source === c.target) continue;
    outgoing.get(c.source)!.push(c.target);
    waitingFor.set(c.target, waitingFor.get(c.target)! + 1);
  }
  const column = new Map<string, number>();
  const reached = new Map<string, number>(); // furthest column + 1 among placed steps feeding it
  const ready: string[] = ids.filter((id) => waitingFor.get(id) === 0);
  let next = 0; // for cutting loops: the first step in the given order not yet placed
  let head = 0;
  const placed: string[] = [];
  while (column.size < ids.length) {
    if (head === ready.length) {
      while (column.has(ids[next])) next++;
      ready.push(ids[next]);
      waitingFor.set(ids[next], 0);
    }
    const id = ready[head++];
    if (column.has(id)) continue;
    const at = reached.get(id) ?? 0;
    column.set(id, at);
    placed.push(id);
    for (const target of outgoing.get(id)!) {
      if (column.has(target)) continue;
      reached.set(target, Math.max(reached.get(target) ?? 0, at + 1));
      const left = waitingFor.get(target)! - 1;
      waitingFor.set(target, left);
      if (left === 0) ready.push(target);
    }
  }
  const columns: string[][] = [];
  for (const id of placed) (columns[column.get(id)!] ??= []).push(id);
  return columns.map((c) => c ?? []);
}
