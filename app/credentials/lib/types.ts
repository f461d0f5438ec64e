/** Credential shapes as the browser receives them (dates as ISO strings). */
import type { RouterOutputs } from '../../lib/api-types';

export type CredentialTypeEntry = RouterOutputs['credentials']['types'][number];
export type CredentialSummary = RouterOutputs['credentials']['list'][number];
export type CredentialForEdit = RouterOutputs['credentials']['get'];
export type TestResult = RouterOutputs['credentials']['test'];
export type ValueProblem = Extract<RouterOutputs['credentials']['create'], { saved: false }>['problems'][number];
