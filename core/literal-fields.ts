/**
 * Which config fields a node type takes literally (meta `expressions: false`): code, file
 * patterns and the like, where `{{` is just text. Read from the zod schema once per type.
 */
import type { z } from 'zod';
import type { FieldMeta, NodeDefinition } from '../nodes/types';

const literalFieldsCache = new WeakMap<NodeDefinition, Set<string>>();

/** Top-level config fields marked `expressions: false`, found through default/optional wrappers. */
export function literalFields(def: NodeDefinition): Set<string> {
  let found = literalFieldsCache.get(def);
  if (found) return found;
  found = new Set();
  const shape = objectShape(def.config);
  for (const [key, schema] of Object.entries(shape ?? {})) {
    if (metaChain(schema).some((meta) => meta.expressions === false)) found.add(key);
  }
  literalFieldsCache.set(def, found);
  return found;
}

/** The fields of an object schema, through default/optional/refine wrappers; null for other schemas. */
export function objectShape(schema: z.ZodType): Record<string, z.ZodType> | null {
  let current: z.ZodType | undefined = schema;
  for (let depth = 0; current && depth < 10; depth++) {
    const def = current._zod.def as { type: string; shape?: Record<string, z.ZodType>; innerType?: z.ZodType; in?: z.ZodType };
    if (def.type === 'object' && def.shape) return def.shape;
    current = def.innerType ?? def.in;
  }
  return null;
}

/** The `field()` hints of a schema and of every wrapper around it, outermost first. */
export function metaChain(schema: z.ZodType): FieldMeta[] {
  const metas: FieldMeta[] = [];
  let current: z.ZodType | undefined = schema;
  for (let depth = 0; current && depth < 10; depth++) {
    const meta = current.meta() as FieldMeta | undefined;
    if (meta) metas.push(meta);
    const def = current._zod.def as { innerType?: z.ZodType; in?: z.ZodType };
    current = def.innerType ?? def.in;
  }
  return metas;
}
