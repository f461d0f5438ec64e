/**
 * The registry of credential types. tests/unit/credential-registry.test.ts fails when a file in
 * this folder is missing here, so adding a type is: its file, one line below.
 */
import { z } from 'zod';
import apiKey from './api-key';
import githubToken from './github-token';
import httpBasic from './http-basic';
import httpBearer from './http-bearer';
import oauth2ClientCredentials from './oauth2-client-credentials';
import openaiApiKey from './openai-api-key';
import postgres from './postgres';
import proxy from './proxy';
import smtp from './smtp';
import webhookSecret from './webhook-secret';
import { secretFieldsOf, type CredentialType } from './types';

export const credentialTypes: CredentialType[] = [
  httpBearer,
  httpBasic,
  apiKey,
  oauth2ClientCredentials,
  smtp,
  postgres,
  proxy,
  githubToken,
  openaiApiKey,
  webhookSecret,
];

const byId = new Map(credentialTypes.map((type) => [type.id, type]));

let pluginTypes: CredentialType[] = [];

/** Replaces the plugin credential types (ids namespaced by server/plugins, so never a built-in's). */
export function setPluginCredentialTypes(types: CredentialType[]): void {
  for (const type of pluginTypes) byId.delete(type.id);
  pluginTypes = types.filter((type) => !byId.has(type.id));
  for (const type of pluginTypes) byId.set(type.id, type);
  catalog = undefined;
}

export function getCredentialType(id: string): CredentialType | undefined {
  return byId.get(id);
}

/** What the UI and the API learn about a credential type: everything but `test`. */
export interface CredentialTypeEntry {
  id: string;
  displayName: string;
  description: string;
  icon: string;
  /** Fields that are secrets: write-only from the browser's side. */
  secretFields: string[];
  /** Whether "Test" can check the values. */
  testable: boolean;
  /** JSON Schema of the values as the user fills them in; UI hints sit on each field. */
  schema: Record<string, unknown>;
}

let catalog: CredentialTypeEntry[] | undefined;

/** The serialisable description of every credential type, built once. */
export function credentialTypeCatalog(): CredentialTypeEntry[] {
  catalog ??= [...credentialTypes, ...pluginTypes].map((type) => ({
    id: type.id,
    displayName: type.displayName,
    description: type.description,
    icon: type.icon,
    secretFields: secretFieldsOf(type),
    testable: type.test !== undefined,
    schema: z.toJSONSchema(type.schema, { io: 'input' }) as Record<string, unknown>,
  }));
  return catalog;
}
