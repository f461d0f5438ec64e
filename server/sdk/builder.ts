/**
 * Building a workflow in code: `const wf = new WorkflowBuilder('Daily report');
 * const t = wf.add('manual-trigger'); const s = wf.add('set-fields', { fields: [...] });
 * wf.connect(t, s);` then `wf.toDocument()`.
 */
import { workflowDocumentSchema, type NodeSettings, type WorkflowDocument, type WorkflowDocumentInput } from '../../core/document';
import { newId } from '../ids';

export interface NodeRef {
  id: string;
}

export interface AddOptions {
  id?: string;
  name?: string;
  position?: { x: number; y: number };
  settings?: Partial<NodeSettings>;
}

export class WorkflowBuilder {
  private readonly doc: WorkflowDocumentInput & {
    nodes: NonNullable<WorkflowDocumentInput['nodes']>;
    edges: NonNullable<WorkflowDocumentInput['edges']>;
  };

  constructor(name: string, description = '') {
    this.doc = { name, description, nodes: [], edges: [] };
  }

  /** Adds a node of a type from nodes/ (e.g. 'http-request'); returns its reference. */
  add(type: string, config: Record<string, unknown> = {}, options: AddOptions = {}): NodeRef {
    const id = options.id ?? newId('n');
    const index = this.doc.nodes.length;
    this.doc.nodes.push({
      id,
      type,
      name: options.name ?? `${type} ${index + 1}`,
      position: options.position ?? { x: index * 240, y: 0 },
      config,
      settings: options.settings,
    });
    return { id };
  }

  /** Connects `from`'s output handle (default main) to `to`'s input handle (default main). */
  connect(from: NodeRef, to: NodeRef, handles: { output?: string; input?: string } = {}): this {
    this.doc.edges.push({
      id: newId('e'),
      source: from.id,
      sourceHandle: handles.output ?? 'main',
      target: to.id,
      targetHandle: handles.input ?? 'main',
    });
    return this;
  }

  /** The document, parsed (defaults filled in); validate it with TaskMaster.validate. */
  toDocument(): WorkflowDocument {
    return workflowDocumentSchema.parse(this.doc);
  }
}
