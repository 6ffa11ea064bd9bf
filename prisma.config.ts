// Prisma CLI configuration. The connection URL is only needed by `prisma migrate deploy` where the schema engine
// is available; cellsweep itself applies the committed migrations with `cellsweep db migrate`.
import { defineConfig } from 'prisma/config';

export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: process.env.DATABASE_URL ?? 'postgresql://localhost:5432/cellsweep' },
});
