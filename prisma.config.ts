// Read by the Prisma CLI (generate here; migrate on a machine that can fetch
// Prisma's binaries). The product's own migration tool follows the same layout.
import { defineConfig } from 'prisma/config';

export default defineConfig({
  schema: 'prisma/schema',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/bridge' },
});
