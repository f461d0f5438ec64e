/**
 * `/share/<token>` pages: a link that was turned off (or never existed) gets a plain 404 page here,
 * before Next renders anything, so nothing of the workflow is sent and the status is right.
 */
import type http from 'node:http';
import type { AppContext } from '../context';
import { LINK_TURNED_OFF, NO_SUCH_LINK, readSharedWorkflow } from '../services/share';
import { FEATURE_OFF_TEXT } from '../../core/features';

const PREFIX = '/share/';

export function isSharePath(url: string): boolean {
  return url.startsWith(PREFIX);
}

function page(title: string, message: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${title} · TaskMaster</title></head>
<body style="font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem;color:#0f172a">
<h1 style="font-size:1.25rem">${title}</h1><p style="color:#475569">${message}</p>
<p><a href="/" style="color:#4338ca">Go to TaskMaster</a></p></body></html>`;
}

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * Serves a share page: a link that is off or unknown gets a plain 404 page; a link that is on goes
 * to the web app's page (`next`), or, when the server runs without the web app, a plain list of
 * the workflow's steps.
 */
export async function serveSharePage(
  ctx: AppContext,
  req: http.IncomingMessage,
  res: http.ServerResponse,
  next: (() => void) | null,
): Promise<void> {
  let token = '';
  try {
    token = decodeURIComponent((req.url ?? '').slice(PREFIX.length).split(/[/?#]/)[0] ?? '');
  } catch {
    // A malformed %-escape: no such link.
  }
  const found = token ? await readSharedWorkflow(ctx, token) : { status: 'missing' as const };
  if (found.status === 'ok' && next) return next();
  res.setHeader('cache-control', 'no-store');
  if (found.status !== 'ok') {
    const [title, message] =
      found.status === 'revoked'
        ? ['This link was turned off', LINK_TURNED_OFF]
        : found.status === 'off'
          ? ['Share links are turned off', FEATURE_OFF_TEXT.shareLinksEnabled]
          : ['Nothing here', NO_SUCH_LINK];
    res.writeHead(404, { 'content-type': 'text/html; charset=utf-8' });
    res.end(page(title, message));
    return;
  }
  const { workflow } = found;
  const steps = workflow.document.nodes.map((n) => `<li>${escape(n.name)} <small>(${escape(n.type)})</small></li>`).join('');
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
  res.end(page(escape(workflow.name), `${escape(workflow.description)}</p><ol>${steps}</ol><p>`));
}
