'use client';
/**
 * The REST API's reference, drawn from the served OpenAPI document (/api/v1/openapi.json), so it
 * always matches the server. No third-party viewer: nothing is loaded from a CDN.
 */
import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { LoadError } from '../../components/load-error';
import { Described, SchemaFields, typeName, type Components, type JsonSchema } from './schema-view';

interface Parameter {
  name: string;
  in: 'path' | 'query';
  required?: boolean;
  description?: string;
  schema?: JsonSchema;
}

interface Operation {
  operationId: string;
  summary: string;
  description?: string;
  tags?: string[];
  parameters?: Parameter[];
  requestBody?: { content: { 'application/json': { schema: JsonSchema } } };
  responses: Record<string, { description: string; content?: { 'application/json': { schema: JsonSchema } } }>;
}

interface OpenApiDocument {
  info: { title: string; description?: string; version: string };
  tags?: Array<{ name: string }>;
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Components };
}

const METHOD_STYLE: Record<string, string> = {
  get: 'bg-sky-100 text-sky-900',
  post: 'bg-emerald-100 text-emerald-900',
  put: 'bg-amber-100 text-amber-900',
  patch: 'bg-amber-100 text-amber-900',
  delete: 'bg-red-100 text-red-900',
};

async function loadDocument(): Promise<OpenApiDocument> {
  const res = await fetch('/api/v1/openapi.json');
  if (!res.ok) throw new Error(`The API description could not be loaded (${res.status}).`);
  return (await res.json()) as OpenApiDocument;
}

export function ApiReference() {
  const query = useQuery({ queryKey: ['openapi'], queryFn: loadDocument, staleTime: Infinity });
  return (
    <div className="flex-1 overflow-y-auto">
      <div className="mx-auto max-w-4xl space-y-6 px-6 py-6">
        <div className="space-y-2">
          <h1 className="text-xl font-semibold">REST API</h1>
          <p className="text-sm text-slate-700">
            Scripts and other programs can use TaskMaster through this API. Send an API key (make one on the{' '}
            <Link href="/api-keys" className="text-indigo-700 underline">
              API keys
            </Link>{' '}
            page) with every request. Addresses start with <code>/api/v1</code>. The machine-readable description is at{' '}
            <a href="/api/v1/openapi.json" className="text-indigo-700 underline">
              /api/v1/openapi.json
            </a>{' '}
            (OpenAPI 3.1).
          </p>
          <pre className="overflow-x-auto rounded-md bg-slate-900 p-3 text-xs text-slate-100">
            {`curl -H "Authorization: Bearer tm_…" ${typeof window === 'undefined' ? '' : window.location.origin}/api/v1/workflows`}
          </pre>
          <p className="text-sm text-slate-700">
            Errors come back as <code>{'{ "error": { "code", "message", "path" } }'}</code> with a 4xx status: 401 for a missing or revoked
            key, 403 when the key&apos;s scopes or your role don&apos;t allow it.
          </p>
        </div>
        {query.isPending && <p className="text-sm text-slate-600">Loading the API description…</p>}
        {query.isError && <LoadError what="The API description" error={query.error} onRetry={() => query.refetch()} />}
        {query.data && <Operations doc={query.data} />}
      </div>
    </div>
  );
}

function Operations({ doc }: { doc: OpenApiDocument }) {
  const components = doc.components?.schemas ?? {};
  const operations = Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, op]) => ({ path, method, op })),
  );
  const tags = doc.tags?.map((t) => t.name) ?? [...new Set(operations.map((o) => o.op.tags?.[0] ?? 'Other'))];
  return (
    <>
      <nav aria-label="API sections" className="flex flex-wrap gap-3 text-sm">
        {tags.map((tag) => (
          <a key={tag} href={`#${tag.toLowerCase()}`} className="text-indigo-700 underline">
            {tag}
          </a>
        ))}
      </nav>
      {tags.map((tag) => (
        <section key={tag} id={tag.toLowerCase()} aria-labelledby={`tag-${tag}`} className="space-y-3">
          <h2 id={`tag-${tag}`} className="text-lg font-semibold">
            {tag}
          </h2>
          {operations
            .filter((o) => (o.op.tags?.[0] ?? 'Other') === tag)
            .map(({ path, method, op }) => (
              <OperationCard key={`${method} ${path}`} path={path} method={method} op={op} components={components} />
            ))}
        </section>
      ))}
    </>
  );
}

function OperationCard({ path, method, op, components }: { path: string; method: string; op: Operation; components: Components }) {
  const success = Object.entries(op.responses).find(([status]) => status.startsWith('2'));
  const body = op.requestBody?.content['application/json'].schema;
  const answer = success?.[1].content?.['application/json'].schema;
  return (
    <article data-testid="api-operation" className="rounded-lg border border-slate-200 bg-white p-4">
      <h3 className="flex flex-wrap items-center gap-2">
        <span className={`rounded px-2 py-0.5 font-mono text-xs font-semibold uppercase ${METHOD_STYLE[method] ?? 'bg-slate-100'}`}>
          {method}
        </span>
        <code className="font-mono text-sm">/api/v1{path}</code>
        <span className="text-sm font-medium">{op.summary}</span>
      </h3>
      {op.description && (
        <p className="mt-1 text-sm text-slate-600">
          <Described text={op.description} />
        </p>
      )}
      {op.parameters && op.parameters.length > 0 && (
        <div className="mt-2">
          <h4 className="text-sm font-medium">Parameters</h4>
          <ul className="mt-1 space-y-0.5 text-sm">
            {op.parameters.map((p) => (
              <li key={`${p.in} ${p.name}`}>
                <code className="font-mono text-xs text-slate-900">{p.name}</code>
                <span className="text-slate-600">
                  {' '}
                  ({p.in === 'path' ? 'in the address' : 'query'}) {typeName(p.schema)}
                  {p.required ? '' : ', optional'}
                </span>
                {(p.description ?? p.schema?.description) && (
                  <span className="text-slate-700">
                    {' '}
                    — <Described text={p.description ?? p.schema?.description ?? ''} />
                  </span>
                )}
              </li>
            ))}
          </ul>
        </div>
      )}
      {body && (
        <div className="mt-2">
          <h4 className="text-sm font-medium">JSON body</h4>
          <SchemaFields schema={body} components={components} />
        </div>
      )}
      {success && (
        <div className="mt-2">
          <h4 className="text-sm font-medium">
            Answer: {success[0]} with {typeName(answer)}
          </h4>
          {answer && <SchemaFields schema={answer} components={components} />}
        </div>
      )}
    </article>
  );
}
