/**
 * The contract of a credential type. Like a node type: one file per type in this folder (file
 * name = id, never changed: saved credentials reference it), a zod schema whose `field()` hints
 * draw the form, and an optional `test`. Fields with widget 'secret' are the secrets: stored
 * encrypted like the rest, never sent back to the browser, hidden in run records.
 */
import type { z } from 'zod';
import type { FieldMeta } from '../types';

export interface CredentialTestContext {
  /** HTTP, obeying the Settings page's outbound rules, like a step's `ctx.fetch`. */
  fetch: typeof fetch;
  /** The checked address to connect to for a host, like a step's `ctx.resolveHost`. */
  resolveHost(host: string): Promise<string>;
  /** Aborted when the test takes too long. */
  signal: AbortSignal;
}

export interface CredentialType<S extends z.ZodObject = z.ZodObject> {
  /** Stable id = file name. */
  id: string;
  displayName: string;
  /** One line: what it is for and where to find the values. */
  description: string;
  /** Icon key the UI maps to a glyph. */
  icon: string;
  schema: S;
  /**
   * Checks that the values work (signs in, fetches a token). Resolves with what it found, in
   * plain words; rejects with the reason, in plain words.
   */
  test?(values: z.output<S>, ctx: CredentialTestContext): Promise<string>;
}

/** Identity helper that keeps the values type inferred from the schema. */
export function defineCredentialType<S extends z.ZodObject>(def: CredentialType<S>): CredentialType<S> {
  return def;
}

/** Field names whose widget is 'secret', in declaration order. */
export function secretFieldsOf(type: CredentialType): string[] {
  return Object.entries(type.schema.shape as Record<string, z.ZodType>)
    .filter(([, schema]) => (schema.meta() as FieldMeta | undefined)?.widget === 'secret')
    .map(([key]) => key);
}
