import type { RouterOutputs } from '../../lib/api-types';

/** A profile as the API shows it: settings, folder, and whether a proxy password is kept. */
export type Profile = RouterOutputs['profiles']['list'][number];
export type TestPageResult = RouterOutputs['profiles']['testPage'];
