/**
 * n8n's item-list steps (Sort, Limit, Remove Duplicates, Split Out, Aggregate, Summarize, Rename
 * Keys, Stop and Error, and the older Item Lists, which did all of these by "operation") as
 * TaskMaster's Data steps. The parameter names are the same in Item Lists and the single steps.
 */
import type { ConvertedNode, NodeConverter, NodeScope } from '../scope';
import { list, number, record, text, flag, type Params } from '../params';
import { needsAttention } from './attention';

/** "a, b" or ["a", "b"] as names. */
function names(value: unknown): string[] {
  const raw = Array.isArray(value) ? value.map(String) : typeof value === 'string' ? value.split(',') : [];
  return raw.map((name) => name.trim()).filter((name) => name !== '');
}

function fieldName(scope: NodeScope, raw: unknown, field: string): string {
  if (typeof raw === 'string' && raw.startsWith('=')) {
    scope.notConverted(field, 'is an expression; this step takes a plain field name here: enter it');
    return '';
  }
  return typeof raw === 'string' ? raw.trim() : '';
}

function dotsOff(scope: NodeScope, options: Params): void {
  if (options.disableDotNotation === true)
    scope.review('options.disableDotNotation', 'a dot in a field name always reaches into an object here');
}

export const sort: NodeConverter = (scope) => {
  const p = scope.params;
  const type = text(p, 'type', 'simple');
  if (type !== 'simple') {
    return needsAttention(
      scope,
      `sorted items ${type === 'random' ? 'in random order' : 'with code'} in n8n; use a Code step (items.sort(...)) in its place`,
    );
  }
  const options = record(p, 'options');
  dotsOff(scope, options);
  scope.ignoredOptions(options, ['disableDotNotation']);
  const keys = list(record(p, 'sortFieldsUi'), 'sortField').map((row, i) => ({
    field: fieldName(scope, row.fieldName, `keys.${i}.field`),
    direction: text(row, 'order', 'ascending') === 'descending' ? 'desc' : 'asc',
  }));
  scope.review('keys', 'items without the field come last here, whatever the direction; numbers written as text sort as numbers');
  return { type: 'sort', config: { keys } };
};

export const limit: NodeConverter = (scope) => {
  const p = scope.params;
  return {
    type: 'limit',
    config: { count: number(p, 'maxItems', 1), from: text(p, 'keep', 'firstItems') === 'lastItems' ? 'last' : 'first' },
  };
};

export const removeDuplicates: NodeConverter = (scope) => {
  const p = scope.params;
  const operation = text(p, 'operation', 'removeDuplicateInputItems');
  if (operation !== 'removeDuplicateInputItems') {
    return needsAttention(
      scope,
      'removed items seen in earlier runs in n8n, which TaskMaster does not remember between runs; keep a list in a database (Postgres query step) instead',
    );
  }
  const compare = text(p, 'compare', 'allFields');
  const options = record(p, 'options');
  dotsOff(scope, options);
  scope.ignoredOptions(options, ['disableDotNotation', 'removeOtherFields']);
  if (options.removeOtherFields === true)
    scope.notConverted('options.removeOtherFields', 'removed the other fields of the kept items in n8n; here items keep all their fields');
  if (compare === 'selectedFields')
    return { type: 'remove-duplicates', config: { compare: 'columns', columns: names(p.fieldsToCompare).join(', '), keep: 'first' } };
  if (compare === 'allFieldsExcept') {
    scope.notConverted(
      'compare',
      `compared all fields except ${names(p.fieldsToExclude).join(', ')} in n8n; here all fields are compared: list the fields to compare instead`,
    );
  }
  return { type: 'remove-duplicates', config: { compare: 'all', keep: 'first' } };
};

export const splitOut: NodeConverter = (scope) => {
  const p = scope.params;
  const fields = names(p.fieldToSplitOut);
  if (fields.length > 1)
    scope.notConverted('fieldToSplitOut', `split ${fields.length} lists side by side in n8n; only "${fields[0]}" is split here`);
  const include = text(p, 'include', 'noOtherFields');
  if (include === 'selectedOtherFields')
    scope.notConverted('include', 'kept some of the other fields in n8n; here all other fields are kept');
  const options = record(p, 'options');
  dotsOff(scope, options);
  if (options.includeBinary !== undefined)
    scope.notConverted('options.includeBinary', 'files (binary data) are not carried by TaskMaster items');
  scope.ignoredOptions(options, ['disableDotNotation', 'destinationFieldName', 'includeBinary']);
  const destination = text(options, 'destinationFieldName').trim();
  return {
    type: 'split-out',
    config: {
      field: fields[0] ?? '',
      // n8n merges an object entry into the item only with no other fields and no destination named.
      into: include === 'noOtherFields' && !destination ? 'merge' : 'field',
      destination,
      keepOtherFields: include !== 'noOtherFields',
      whenEmpty: 'drop',
    },
  };
};

/** Aggregate: individual fields become "list" calculations; all item data becomes a one-line Code step. */
export const aggregate: NodeConverter = (scope) => {
  const p = scope.params;
  const options = record(p, 'options');
  if (text(p, 'aggregate', 'aggregateIndividualFields') === 'aggregateAllItemData') {
    const destination = text(p, 'destinationFieldName', 'data') || 'data';
    if (text(p, 'include', 'allFields') !== 'allFields')
      scope.notConverted('include', 'kept only some fields of each item in n8n; here whole items are listed');
    return {
      type: 'code',
      config: {
        mode: 'all',
        code: `// Aggregate (from n8n): all items in one list.\nreturn [{ ${JSON.stringify(destination)}: items }];\n`,
      },
    };
  }
  if (options.mergeLists === true)
    scope.notConverted('options.mergeLists', "merged lists into one list in n8n; here each item's list is one entry");
  if (options.keepMissing === true)
    scope.notConverted('options.keepMissing', 'kept empty values in the lists in n8n; here empty values are left out');
  else scope.review('fieldsToAggregate', 'empty text is left out of the lists here too, not only missing values');
  scope.ignoredOptions(options, ['mergeLists', 'keepMissing', 'disableDotNotation']);
  const calculations = list(record(p, 'fieldsToAggregate'), 'fieldToAggregate').map((row, i) => {
    const field = fieldName(scope, row.fieldToAggregate, `calculations.${i}.field`);
    const outputName = flag(row, 'renameField', false) ? text(row, 'outputFieldName') : field;
    return { operation: 'list', field, outputName };
  });
  return { type: 'aggregate', config: { groupBy: '', calculations } };
};

const SUMMARY: Record<string, { operation: string; prefix: string }> = {
  count: { operation: 'count', prefix: 'count' },
  countUnique: { operation: 'countDistinct', prefix: 'unique_count' },
  sum: { operation: 'sum', prefix: 'sum' },
  average: { operation: 'mean', prefix: 'average' },
  min: { operation: 'min', prefix: 'min' },
  max: { operation: 'max', prefix: 'max' },
  append: { operation: 'list', prefix: 'appended' },
};

export const summarize: NodeConverter = (scope) => {
  const p = scope.params;
  const rows = list(record(p, 'fieldsToSummarize'), 'values');
  const calculations = rows.flatMap((row, i) => {
    const aggregation = text(row, 'aggregation', 'count');
    const field = fieldName(scope, row.field, `calculations.${i}.field`);
    const known = SUMMARY[aggregation];
    if (!known) {
      scope.notConverted(
        `calculations.${i}`,
        `"${aggregation}" (joining values into one text) has no equivalent; use "List of all values" and join it in a Set fields step`,
      );
      return [];
    }
    if (aggregation === 'count')
      scope.review(`calculations.${i}`, `counts every item of the group here; n8n counted only items that have "${field}"`);
    return [{ operation: known.operation, field: known.operation === 'count' ? '' : field, outputName: `${known.prefix}_${field}` }];
  });
  const options = record(p, 'options');
  if (text(options, 'outputFormat', 'singleItem') === 'separateItems' && names(p.fieldsToSplitBy).length === 0) {
    scope.review('options.outputFormat', 'one item for all results here');
  }
  scope.ignoredOptions(options, ['outputFormat', 'disableDotNotation', 'skipEmptySplitFields', 'continueIfFieldNotFound']);
  return { type: 'aggregate', config: { groupBy: names(p.fieldsToSplitBy).join(', '), calculations } };
};

export const renameKeys: NodeConverter = (scope) => {
  const renames = list(record(scope.params, 'keys'), 'key').map((row) => ({ from: text(row, 'currentKey'), to: text(row, 'newKey') }));
  if (record(scope.params, 'additionalOptions').regexReplacement !== undefined) {
    scope.notConverted('additionalOptions.regexReplacement', 'renamed keys by a pattern in n8n; list each rename instead');
  }
  return { type: 'rename-columns', config: { action: 'rename', renames } };
};

export const stopAndError: NodeConverter = (scope) => {
  const p = scope.params;
  if (text(p, 'errorType', 'errorMessage') === 'errorObject')
    scope.review('errorObject', 'failed with an error object in n8n; here the message is its JSON text');
  const message =
    text(p, 'errorType', 'errorMessage') === 'errorObject'
      ? scope.text(p.errorObject ?? '', 'message')
      : scope.text(p.errorMessage ?? '', 'message');
  return { type: 'stop-with-error', config: { message } };
};

const LIST_OPERATIONS: Record<string, NodeConverter> = {
  splitOutItems: splitOut,
  aggregateItems: aggregate,
  removeDuplicates,
  sort,
  limit,
  summarize,
};

/** Item Lists (v1–v3): one step with an "operation" for what the single steps above do. */
export const itemLists: NodeConverter = (scope): ConvertedNode => {
  const operation = text(scope.params, 'operation', 'splitOutItems');
  const convert = LIST_OPERATIONS[operation];
  if (!convert)
    return needsAttention(scope, `did "${operation}" in n8n's Item Lists, which has no TaskMaster step; use a Code step in its place`);
  // Item Lists calls "aggregate" what Aggregate calls it, and kept "fieldToSplitOut" the same.
  return convert(scope);
};
