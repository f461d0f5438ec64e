/**
 * A small static picture of a workflow: a box per step, a line per connection, scaled to fit.
 * Plain SVG, so a gallery of many previews costs no canvas each.
 */
import type { WorkflowDocument } from '../../lib/api-types';

const BOX = { w: 240, h: 64 };
const PAD = 40;

interface GraphPreviewProps {
  document: Pick<WorkflowDocument, 'nodes' | 'edges'>;
  /** Trigger step types, drawn in amber like on the canvas. */
  isTrigger?: (type: string) => boolean;
  className?: string;
}

export function GraphPreview({ document, isTrigger = () => false, className = '' }: GraphPreviewProps) {
  const { nodes, edges } = document;
  if (nodes.length === 0) return null;
  const xs = nodes.map((n) => n.position.x);
  const ys = nodes.map((n) => n.position.y);
  const minX = Math.min(...xs) - PAD;
  const minY = Math.min(...ys) - PAD;
  const width = Math.max(...xs) + BOX.w + PAD - minX;
  const height = Math.max(...ys) + BOX.h + PAD - minY;
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const label = `Preview of the steps: ${nodes.map((n) => n.name).join(', ')}`;
  return (
    <svg
      viewBox={`${minX} ${minY} ${width} ${height}`}
      role="img"
      aria-label={label}
      className={className}
      preserveAspectRatio="xMidYMid meet"
    >
      {edges.map((e) => {
        const from = byId.get(e.source);
        const to = byId.get(e.target);
        if (!from || !to) return null;
        const x1 = from.position.x + BOX.w;
        const y1 = from.position.y + BOX.h / 2;
        const x2 = to.position.x;
        const y2 = to.position.y + BOX.h / 2;
        const bend = Math.max(40, Math.abs(x2 - x1) / 2);
        return (
          <path
            key={e.id}
            d={`M${x1},${y1} C${x1 + bend},${y1} ${x2 - bend},${y2} ${x2},${y2}`}
            fill="none"
            stroke="#94a3b8"
            strokeWidth={6}
          />
        );
      })}
      {nodes.map((n) => {
        const trigger = isTrigger(n.type);
        return (
          <g key={n.id}>
            <rect
              x={n.position.x}
              y={n.position.y}
              width={BOX.w}
              height={BOX.h}
              rx={trigger ? 28 : 10}
              fill="#fff"
              stroke={trigger ? '#f59e0b' : '#6366f1'}
              strokeWidth={5}
            />
            <rect x={n.position.x + 14} y={n.position.y + 14} width={36} height={36} rx={8} fill={trigger ? '#fef3c7' : '#e0e7ff'} />
            <text x={n.position.x + 62} y={n.position.y + 41} fontSize={24} fill="#0f172a" fontFamily="system-ui, sans-serif">
              {n.name.length > 14 ? `${n.name.slice(0, 13)}…` : n.name}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
