FROM node:20-bookworm-slim
WORKDIR /app
COPY package.json package-lock.json ./
COPY tools ./tools
COPY prisma ./prisma
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build
# A production start refuses the sandbox, the demo seed and the demo keys, and
# requires the webhook and metrics secrets (libs/config/src/production-requirements.ts).
ENV NODE_ENV=production MARKETPLACE_TARGET=cloud
# --liftoff-only: Prisma's WebAssembly query compiler stays in V8's baseline
# code (some 60 MB less resident per process, no slower; see APP_NODE_FLAGS).
CMD ["node", "--liftoff-only", "dist/apps/all-in-one/src/main.js"]
