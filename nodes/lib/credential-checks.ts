/** What credential tests share: a request whose every way of failing comes back in plain words. */
import type { CredentialTestContext } from '../credentials/types';

/** Sends the request and returns the answer's JSON (or null); rejects with a readable reason. */
export async function requestJson(url: string, init: RequestInit, ctx: CredentialTestContext, service: string): Promise<unknown> {
  return (await requestJsonWithHeaders(url, init, ctx, service)).body;
}

/** Like `requestJson`, plus the answer's headers (rate limits, for example). */
export async function requestJsonWithHeaders(
  url: string,
  init: RequestInit,
  ctx: CredentialTestContext,
  service: string,
): Promise<{ body: unknown; headers: Headers }> {
  let address: URL;
  try {
    address = new URL(url);
  } catch {
    throw new Error(`"${url}" is not a full web address: it should start with https://.`);
  }
  let response: Response;
  let text: string;
  try {
    response = await ctx.fetch(address, { ...init, signal: ctx.signal });
    text = await response.text();
  } catch (error) {
    if (ctx.signal.aborted) throw new Error(`${service} did not answer in time.`);
    // Node's fetch hides the real reason (refused, unknown host…) in `cause`.
    const cause = (error as { cause?: { message?: string } }).cause?.message ?? (error as Error).message;
    throw new Error(`Could not reach ${address.host}: ${cause}.`);
  }
  if (response.status === 401 || response.status === 403) {
    throw new Error(`${service} refused these details (status ${response.status}). Check them and try again.${detail(text)}`);
  }
  if (response.status >= 400) throw new Error(`${service} answered with status ${response.status}.${detail(text)}`);
  try {
    return { body: text.trim() === '' ? null : (JSON.parse(text) as unknown), headers: response.headers };
  } catch {
    throw new Error(`${service} did not answer with JSON: is the address right?`);
  }
}

function detail(text: string): string {
  const short = text.trim().slice(0, 200);
  return short ? ` It said: ${short}` : '';
}
