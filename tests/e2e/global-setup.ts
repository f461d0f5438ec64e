/**
 * Before the browser tests: create the owner through the real setup endpoint (the page's own
 * request) and save the signed-in state, which every test uses by default (playwright.config.ts).
 * Against an instance that already has an owner (TM_E2E_BASE_URL), it signs in with the same
 * account instead.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { request, type FullConfig } from '@playwright/test';

export const OWNER = { name: 'Test Owner', email: 'owner@example.test', password: 'e2e owner password' };
export const OWNER_STATE = path.join('.playwright', 'owner.json');

export default async function globalSetup(config: FullConfig): Promise<void> {
  const baseURL = config.projects[0].use.baseURL;
  const api = await request.newContext({ baseURL });
  try {
    let res = await api.post('/api/auth/setup', { data: OWNER });
    if (res.status() === 409) res = await api.post('/api/auth/sign-in', { data: { email: OWNER.email, password: OWNER.password } });
    if (!res.ok()) throw new Error(`Signing the e2e owner in failed: ${res.status()} ${await res.text()}`);
    mkdirSync(path.dirname(OWNER_STATE), { recursive: true });
    await api.storageState({ path: OWNER_STATE });
  } finally {
    await api.dispose();
  }
}
