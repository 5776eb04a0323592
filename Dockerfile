# Multi-stage image for self-hosters: standalone Next.js output, non-root, external Postgres.
# Not built in this project's CI (no Docker engine on its machines); see README › Production.
FROM node:20-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
COPY scripts/prisma-generate.ts scripts/
COPY prisma ./prisma
COPY prisma.config.ts ./
RUN npm ci --no-audit --no-fund

FROM deps AS build
COPY . .
RUN NEXT_OUTPUT=standalone npm run build \
 && npx esbuild scripts/db-migrate.ts --bundle --platform=node --target=node20 --outfile=dist/db-migrate.cjs

FROM node:20-bookworm-slim AS runner
ENV NODE_ENV=production APP_MODE=production PORT=3000 HOSTNAME=0.0.0.0
WORKDIR /app
RUN groupadd --system app && useradd --system --gid app --home /app app
COPY --from=build --chown=app:app /app/.next/standalone ./
COPY --from=build --chown=app:app /app/.next/static ./.next/static
COPY --from=build --chown=app:app /app/prisma/migrations ./prisma/migrations
COPY --from=build --chown=app:app /app/dist/db-migrate.cjs ./dist/db-migrate.cjs
USER app
EXPOSE 3000
# Migrations take an advisory lock, so several replicas may start at once.
CMD ["sh", "-c", "node dist/db-migrate.cjs && node server.js"]
