/**
 * The registry of node types. tests/unit/registry.test.ts fails when a file in nodes/ is
 * missing here, so adding a node is: its file, its test, one line below.
 */
import { z } from 'zod';
import type { HandleSpec, NodeCategory, NodeDefinition, NodeGroup } from './types';
import fileTrigger from './file-trigger';
import httpRequest from './http-request';
import github from './github';
import openai from './openai';
import ifNode from './if';
import manualTrigger from './manual-trigger';
import merge from './merge';
import noOp from './no-op';
import pollTrigger from './poll-trigger';
import postgresTrigger from './postgres-trigger';
import postgresQuery from './postgres-query';
import scheduleTrigger from './schedule-trigger';
import setFields from './set-fields';
import wait from './wait';
import loadCsv from './load-csv';
import loadJson from './load-json';
import saveCsv from './save-csv';
import saveJson from './save-json';
import dropMissing from './drop-missing';
import fixTypes from './fix-types';
import removeDuplicates from './remove-duplicates';
import renameColumns from './rename-columns';
import webhookTrigger from './webhook-trigger';
import code from './code';
import codePython from './code-python';
import runCommand from './run-command';
import stopWithError from './stop-with-error';
import needsAttention from './needs-attention';
import logMessage from './log-message';
import sendEmail from './send-email';
import sendWebhook from './send-webhook';
import filter from './filter';
import sort from './sort';
import limit from './limit';
import normalize from './normalize';
import aggregate from './aggregate';
import dateTime from './date-time';
import runWorkflow from './run-workflow';
import repeatUntil from './repeat-until';
import workflowTrigger from './workflow-trigger';
import join from './join';
import splitOut from './split-out';
import switchNode from './switch';
import notify from './notify';
import splitIntoBatches from './split-into-batches';
import browserOpen from './browser-open';
import browserClick from './browser-click';
import browserType from './browser-type';
import browserSelect from './browser-select';
import browserCheck from './browser-check';
import browserPress from './browser-press';
import browserWait from './browser-wait';
import browserScroll from './browser-scroll';
import browserExtract from './browser-extract';
import browserTable from './browser-table';
import browserScreenshot from './browser-screenshot';
import browserDownload from './browser-download';
import browserCookies from './browser-cookies';
import browserSteps from './browser-steps';
import browserScript from './browser-script';

export const nodeTypes: NodeDefinition[] = [
  manualTrigger,
  scheduleTrigger,
  webhookTrigger,
  fileTrigger,
  pollTrigger,
  postgresTrigger,
  setFields,
  ifNode,
  merge,
  wait,
  noOp,
  httpRequest,
  github,
  openai,
  postgresQuery,
  loadCsv,
  loadJson,
  saveCsv,
  saveJson,
  dropMissing,
  fixTypes,
  removeDuplicates,
  renameColumns,
  code,
  codePython,
  runCommand,
  stopWithError,
  needsAttention,
  logMessage,
  sendEmail,
  sendWebhook,
  filter,
  sort,
  limit,
  normalize,
  aggregate,
  dateTime,
  runWorkflow,
  repeatUntil,
  workflowTrigger,
  join,
  splitOut,
  switchNode,
  notify,
  splitIntoBatches,
  browserOpen,
  browserClick,
  browserType,
  browserSelect,
  browserCheck,
  browserPress,
  browserWait,
  browserScroll,
  browserExtract,
  browserTable,
  browserScreenshot,
  browserDownload,
  browserCookies,
  browserSteps,
  browserScript,
];

const byId = new Map(nodeTypes.map((def) => [def.id, def]));

/** Where a plugin step came from, for the catalogue (server/plugins fills it in). */
export interface PluginOrigin {
  plugin: string;
  version: string;
  /** The step's own icon, as a `data:image/svg+xml` address shown in an <img> (never as markup). */
  iconUrl?: string;
}

let pluginTypes: NodeDefinition[] = [];
const pluginOrigins = new Map<string, PluginOrigin>();

/**
 * Replaces the plugin steps (server/plugins/ loads them at start in every process). Their ids
 * are namespaced by the loader (`<plugin>/<id>`), so they never shadow a built-in step.
 */
export function setPluginNodeTypes(defs: { def: NodeDefinition; origin: PluginOrigin }[]): void {
  for (const def of pluginTypes) byId.delete(def.id);
  pluginTypes = [];
  pluginOrigins.clear();
  for (const { def, origin } of defs) {
    if (byId.has(def.id)) continue;
    byId.set(def.id, def);
    pluginTypes.push(def);
    pluginOrigins.set(def.id, origin);
  }
  catalog = undefined;
}

/** The plugin (and its version) a step type comes from; undefined for built-in steps. */
export function pluginOriginOf(id: string): PluginOrigin | undefined {
  return pluginOrigins.get(id);
}

/** Built-in steps, then plugin steps. */
export function allNodeTypes(): NodeDefinition[] {
  return pluginTypes.length ? [...nodeTypes, ...pluginTypes] : nodeTypes;
}

export function getNodeType(id: string): NodeDefinition | undefined {
  return byId.get(id);
}

/** What the UI and the API learn about a node type: everything but `execute`. */
export interface NodeCatalogEntry {
  id: string;
  version: number;
  category: NodeCategory;
  group: NodeGroup;
  displayName: string;
  description: string;
  icon: string;
  inputs: HandleSpec[];
  outputs: HandleSpec[];
  sideEffects: boolean;
  example: unknown;
  /** JSON Schema of the config as the user fills it in; UI hints (label, widget…) sit on each field. */
  configSchema: Record<string, unknown>;
  /** Longer help text, when the step has some. */
  docs?: string;
  /** Set for plugin steps: which plugin (and version) brings it, and its own icon. */
  plugin?: PluginOrigin;
}

let catalog: NodeCatalogEntry[] | undefined;

/** The serialisable description of every node type, built once. */
export function nodeCatalog(): NodeCatalogEntry[] {
  catalog ??= allNodeTypes().map((def) => catalogEntry(def));
  return catalog;
}

function catalogEntry(def: NodeDefinition): NodeCatalogEntry {
  const origin = pluginOrigins.get(def.id);
  return {
    id: def.id,
    version: def.version,
    category: def.category,
    group: def.group,
    displayName: def.displayName,
    description: def.description,
    icon: def.icon,
    inputs: def.inputs,
    outputs: def.outputs,
    sideEffects: def.sideEffects ?? false,
    example: def.example ?? null,
    // `input`: the form shows what users type (fields with defaults are optional), not the parsed result.
    configSchema: z.toJSONSchema(def.config, { io: 'input' }) as Record<string, unknown>,
    ...(def.docs ? { docs: def.docs } : {}),
    ...(origin ? { plugin: origin } : {}),
  };
}
