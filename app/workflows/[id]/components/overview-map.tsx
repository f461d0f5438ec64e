'use client';
/**
 * The overview map of a large canvas: every step as a box, the part in view outlined; drag on it
 * to pan, wheel to zoom. React Flow's own `MiniMap` draws one SVG element per node, each with its
 * own store subscription, and works out the graph's bounds again on every pan frame: with 5,000
 * steps that is most of a frame. Here the boxes are one path per colour, drawn again only when
 * the steps change, and a pan moves just the outline. Small canvases keep React Flow's map.
 */
import { Panel, useReactFlow, useStore, type Node, type ReactFlowState } from '@xyflow/react';
import { boxPaths, drawnCount, union } from '../lib/overview-boxes';
import { useMemo, useRef, type PointerEvent as ReactPointerEvent, type WheelEvent as ReactWheelEvent } from 'react';

const WIDTH = 200;
const HEIGHT = 150;
/** Space around the graph, in map pixels. */
const OFFSET = 5;

const selectNodes = (s: ReactFlowState) => s.nodes;
const selectView = (s: ReactFlowState) => {
  const [tx, ty, zoom] = s.transform;
  return `${-tx / zoom} ${-ty / zoom} ${s.width / zoom} ${s.height / zoom}`;
};

export function OverviewMap({ colorOf, ariaLabel }: { colorOf: (n: Node) => string; ariaLabel: string }) {
  const nodes = useStore(selectNodes);
  const viewText = useStore(selectView);
  const { getViewport, setViewport } = useReactFlow();
  const { paths, bounds } = useMemo(() => boxPaths(nodes, colorOf), [nodes, colorOf]);
  const [vx, vy, vw, vh] = viewText.split(' ').map(Number);
  const view = { x: vx, y: vy, width: vw, height: vh };
  const frame = union(bounds, view);
  const scale = Math.max(frame.width / WIDTH, frame.height / HEIGHT);
  const offset = OFFSET * scale;
  const w = scale * WIDTH + offset * 2;
  const h = scale * HEIGHT + offset * 2;
  const x = frame.x - (scale * WIDTH - frame.width) / 2 - offset;
  const y = frame.y - (scale * HEIGHT - frame.height) / 2 - offset;
  const drawn = useMemo(() => drawnCount(nodes), [nodes]);

  // Dragging on the map moves the view by as much of the graph as the pointer crosses on the map.
  const drag = useRef<{ id: number; x: number; y: number } | null>(null);
  const onPointerDown = (event: ReactPointerEvent<SVGSVGElement>) => {
    event.currentTarget.setPointerCapture(event.pointerId);
    drag.current = { id: event.pointerId, x: event.clientX, y: event.clientY };
  };
  const onPointerMove = (event: ReactPointerEvent<SVGSVGElement>) => {
    const from = drag.current;
    if (!from || from.id !== event.pointerId) return;
    const v = getViewport();
    const dx = (event.clientX - from.x) * scale;
    const dy = (event.clientY - from.y) * scale;
    drag.current = { ...from, x: event.clientX, y: event.clientY };
    void setViewport({ x: v.x - dx * v.zoom, y: v.y - dy * v.zoom, zoom: v.zoom });
  };
  const onPointerUp = () => {
    drag.current = null;
  };
  // The wheel zooms around the middle of the view, as on the canvas's own buttons.
  const onWheel = (event: ReactWheelEvent<SVGSVGElement>) => {
    const v = getViewport();
    const zoom = Math.min(2, Math.max(0.2, v.zoom * 2 ** (-event.deltaY / 500)));
    const cx = view.x + view.width / 2;
    const cy = view.y + view.height / 2;
    const width = view.width * (v.zoom / zoom);
    const height = view.height * (v.zoom / zoom);
    void setViewport({ x: -(cx - width / 2) * zoom, y: -(cy - height / 2) * zoom, zoom });
  };

  return (
    <Panel position="bottom-right" className="react-flow__minimap" data-testid="overview-map" data-steps={drawn}>
      <svg
        width={WIDTH}
        height={HEIGHT}
        viewBox={`${x} ${y} ${w} ${h}`}
        className="react-flow__minimap-svg cursor-grab touch-none"
        role="img"
        aria-label={ariaLabel}
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={onPointerUp}
        onPointerCancel={onPointerUp}
        onWheel={onWheel}
      >
        {[...paths].map(([color, d]) => (
          <path key={color} d={d} fill={color} shapeRendering="crispEdges" />
        ))}
        <path
          className="react-flow__minimap-mask"
          d={`M${x - offset},${y - offset}h${w + offset * 2}v${h + offset * 2}h${-w - offset * 2}z M${view.x},${view.y}h${view.width}v${view.height}h${-view.width}z`}
          fillRule="evenodd"
          pointerEvents="none"
        />
      </svg>
    </Panel>
  );
}
