/**
 * Saved credentials for the API and the CLI: list, read for editing, create, update, test and
 * delete. Secrets go in and never come out: every answer carries `{ set }` markers instead.
 */
import type { Sql } from 'postgres';
import { getCredentialType } from '../../nodes/credentials';
import type { CredentialType } from '../../nodes/credentials/types';
import {
  deleteCredentialRow,
  getCredentialRow,
  insertCredentialRow,
  listCredentialRows,
  recordCredentialTest,
  updateCredentialRow,
  DuplicateNameError,
  type CredentialRow,
} from '../db/credentials';
import type { NodeTypeLookup } from '../../core/validate';
import { newId } from '../ids';
import { NotFoundError } from '../errors';
import type { KeyStore } from './keys';
import { SecretMasker } from './mask';
import { openRow, sealValues, type CredentialValues } from './sealed-values';
import { credentialUsers, type CredentialUser } from './usage';
import { checkValues, mergeValues, redact, secretsSet, type ValueProblem } from './values';
import type { Connector } from '../network/connector';

export interface CredentialDeps {
  sql: Sql;
  keys: KeyStore;
  lookup: NodeTypeLookup;
}

export interface CredentialSummary {
  id: string;
  name: string;
  type: string;
  typeName: string;
  /** Secret fields that hold a value (never the values). */
  secretsSet: string[];
  /** False when the record can't be opened with the current key. */
  readable: boolean;
  createdAt: Date;
  updatedAt: Date;
  lastTest: { at: Date; ok: boolean; message: string } | null;
}

export type SaveResult = { saved: true; id: string } | { saved: false; problems: ValueProblem[] };

/** Raised for mistakes the user can fix (a missing type, a credential in use). */
export class CredentialInputError extends Error {}

/** Deleting a credential that workflows use, without `force`. */
export class CredentialInUseError extends CredentialInputError {
  constructor(
    message: string,
    readonly usedBy: CredentialUser[],
  ) {
    super(message);
  }
}

const NAME_MAX = 200;

function typeOf(id: string): CredentialType {
  const type = getCredentialType(id);
  if (!type) throw new CredentialInputError(`There is no credential type "${id}".`);
  return type;
}

async function rowOf(sql: Sql, id: string): Promise<CredentialRow> {
  const row = await getCredentialRow(sql, id);
  if (!row) throw new NotFoundError(`There is no saved credential with the id "${id}".`);
  return row;
}

function nameProblem(name: string): ValueProblem | null {
  if (name.trim() === '') return { field: 'name', message: 'Give the credential a name, like "Shop API".' };
  if (name.length > NAME_MAX) return { field: 'name', message: `Keep the name under ${NAME_MAX} characters.` };
  return null;
}

export async function listCredentials(deps: CredentialDeps): Promise<CredentialSummary[]> {
  const rows = await listCredentialRows(deps.sql);
  return Promise.all(
    rows.map(async (row): Promise<CredentialSummary> => {
      const type = getCredentialType(row.type);
      const values = await openRow(deps.keys, row).catch(() => null);
      return {
        id: row.id,
        name: row.name,
        type: row.type,
        typeName: type?.displayName ?? row.type,
        secretsSet: type && values ? secretsSet(type, values) : [],
        readable: values !== null,
        createdAt: row.createdAt,
        updatedAt: row.updatedAt,
        lastTest:
          row.lastTestAt && row.lastTestStatus
            ? { at: row.lastTestAt, ok: row.lastTestStatus === 'ok', message: row.lastTestMessage ?? '' }
            : null,
      };
    }),
  );
}

/** For the edit form: non-secret values as saved, secrets as `{ set }` markers. */
export async function getCredentialForEdit(deps: CredentialDeps, id: string) {
  const row = await rowOf(deps.sql, id);
  const type = typeOf(row.type);
  const values = await openRow(deps.keys, row);
  return { id: row.id, name: row.name, type: row.type, values: redact(type, values), secretsSet: secretsSet(type, values) };
}

export async function createCredential(
  deps: CredentialDeps,
  input: { name: string; type: string; values: Record<string, unknown> },
): Promise<SaveResult> {
  const type = typeOf(input.type);
  const name = input.name.trim();
  const checked = checkValues(type, mergeValues(type, {}, input.values));
  const problems = [nameProblem(name), ...(checked.ok ? [] : checked.problems)].filter((p): p is ValueProblem => p !== null);
  if (!checked.ok || problems.length) return { saved: false, problems };
  const id = newId('cred');
  const key = await deps.keys.current();
  try {
    await insertCredentialRow(deps.sql, { id, name, type: type.id, ...sealValues(key, id, checked.values) });
  } catch (error) {
    if (error instanceof DuplicateNameError) return { saved: false, problems: [{ field: 'name', message: error.message }] };
    throw error;
  }
  return { saved: true, id };
}

export async function updateCredential(
  deps: CredentialDeps,
  input: { id: string; name?: string; values: Record<string, unknown>; clear?: string[] },
): Promise<SaveResult> {
  const row = await rowOf(deps.sql, input.id);
  const type = typeOf(row.type);
  const saved = await openRow(deps.keys, row);
  const name = input.name?.trim() ?? row.name;
  const checked = checkValues(type, mergeValues(type, saved, input.values, input.clear));
  const problems = [nameProblem(name), ...(checked.ok ? [] : checked.problems)].filter((p): p is ValueProblem => p !== null);
  if (!checked.ok || problems.length) return { saved: false, problems };
  const key = await deps.keys.current();
  let found: boolean;
  try {
    found = await updateCredentialRow(deps.sql, row.id, name, sealValues(key, row.id, checked.values));
  } catch (error) {
    if (error instanceof DuplicateNameError) return { saved: false, problems: [{ field: 'name', message: error.message }] };
    throw error;
  }
  if (!found) throw new NotFoundError(`There is no saved credential with the id "${input.id}".`);
  return { saved: true, id: row.id };
}

/** Deletes, unless workflows use it and `force` is not set: then says which. */
export async function deleteCredential(
  deps: CredentialDeps,
  id: string,
  force = false,
): Promise<{ deleted: true; usedBy: CredentialUser[] }> {
  const row = await rowOf(deps.sql, id);
  const usedBy = await credentialUsers(deps.sql, deps.lookup, id);
  if (usedBy.length > 0 && !force) {
    const names = usedBy.map((w) => `"${w.name}"`).join(', ');
    throw new CredentialInUseError(
      `"${row.name}" is used by ${usedBy.length === 1 ? 'the workflow' : `${usedBy.length} workflows`} ${names}. Choose another credential there first, or delete it anyway (those steps will then fail until you choose one).`,
      usedBy,
    );
  }
  await deleteCredentialRow(deps.sql, id);
  return { deleted: true, usedBy };
}

export interface TestResult {
  ok: boolean;
  message: string;
  testedAt: Date;
}

const TEST_TIMEOUT_MS = 20_000;

/** Runs the type's test on the saved values; the result (secrets hidden) is kept on the credential. */
export async function testCredential(deps: CredentialDeps & { network: Connector }, id: string): Promise<TestResult> {
  const row = await rowOf(deps.sql, id);
  const type = typeOf(row.type);
  if (!type.test) throw new CredentialInputError(`A ${type.displayName} credential can't be tested here: try it in a workflow.`);
  const values = await openRow(deps.keys, row);
  const masker = new SecretMasker();
  for (const secret of secretValues(type, values)) masker.add(secret);
  let ok: boolean;
  let message: string;
  const parsed = type.schema.safeParse(values);
  if (!parsed.success) {
    ok = false;
    message = `It is incomplete: ${parsed.error.issues[0]?.message ?? 'a field is missing'}`;
  } else {
    try {
      message = await type.test(parsed.data, {
        fetch: deps.network.fetch,
        resolveHost: deps.network.resolveHost,
        signal: AbortSignal.timeout(TEST_TIMEOUT_MS),
      });
      ok = true;
    } catch (error) {
      ok = false;
      message = error instanceof Error && error.message ? error.message : 'The test failed without saying why.';
    }
  }
  message = masker.maskText(message);
  const testedAt = await recordCredentialTest(deps.sql, id, ok, message);
  return { ok, message, testedAt };
}

function secretValues(type: CredentialType, values: CredentialValues): string[] {
  return secretsSet(type, values).map((key) => String(values[key]));
}
