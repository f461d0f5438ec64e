/** The overview map's drawing (components/overview-map.tsx): boxes of the nodes as SVG paths. */
import type { Node } from '@xyflow/react';

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export function sizeOf(n: Node): { width: number; height: number } {
  return { width: n.measured?.width ?? n.width ?? 0, height: n.measured?.height ?? n.height ?? 0 };
}

/** The boxes of the nodes as SVG paths, one per colour, and the rectangle they cover. */
export function boxPaths(nodes: Node[], colorOf: (n: Node) => string): { paths: Map<string, string>; bounds: Box | null } {
  const parts = new Map<string, string[]>();
  let x0 = Number.POSITIVE_INFINITY;
  let y0 = Number.POSITIVE_INFINITY;
  let x1 = Number.NEGATIVE_INFINITY;
  let y1 = Number.NEGATIVE_INFINITY;
  for (const n of nodes) {
    if (n.hidden) continue;
    const { width, height } = sizeOf(n);
    if (!width || !height) continue;
    const { x, y } = n.position;
    x0 = Math.min(x0, x);
    y0 = Math.min(y0, y);
    x1 = Math.max(x1, x + width);
    y1 = Math.max(y1, y + height);
    const color = colorOf(n);
    let list = parts.get(color);
    if (!list) parts.set(color, (list = []));
    list.push(`M${Math.round(x)},${Math.round(y)}h${Math.round(width)}v${Math.round(height)}h${-Math.round(width)}z`);
  }
  const paths = new Map([...parts].map(([color, list]) => [color, list.join('')]));
  return { paths, bounds: x0 <= x1 ? { x: x0, y: y0, width: x1 - x0, height: y1 - y0 } : null };
}

export function union(a: Box | null, b: Box): Box {
  if (!a) return b;
  const x = Math.min(a.x, b.x);
  const y = Math.min(a.y, b.y);
  return { x, y, width: Math.max(a.x + a.width, b.x + b.width) - x, height: Math.max(a.y + a.height, b.y + b.height) - y };
}

/** How many nodes the map draws (hidden ones and those of no known size are left out). */
export function drawnCount(nodes: Node[]): number {
  let count = 0;
  for (const n of nodes) {
    const { width, height } = sizeOf(n);
    if (!n.hidden && width && height) count++;
  }
  return count;
}
