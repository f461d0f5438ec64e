/** Which saved credential "Use this template" offers first for each credential a template asks for. */

export interface AskedCredential {
  key: string;
  type: string;
  name: string;
}

export interface SavedCredential {
  id: string;
  name: string;
  type: string;
}

/**
 * Placeholder key → the saved credential to preselect: the one of the same type and name, else
 * the only one of that type. None ('') when the user has to choose among several, or has none.
 */
export function initialChoices(asked: AskedCredential[], saved: SavedCredential[]): Record<string, string> {
  const choices: Record<string, string> = {};
  for (const want of asked) {
    const ofType = saved.filter((c) => c.type === want.type);
    const sameName = ofType.filter((c) => c.name.toLowerCase() === want.name.toLowerCase());
    choices[want.key] = sameName.length === 1 ? sameName[0].id : ofType.length === 1 ? ofType[0].id : '';
  }
  return choices;
}
