// drizzle-kit config for the relay's database: `npx drizzle-kit generate --config drizzle.relay.config.ts`
import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'sqlite',
  schema: './sync-server/db/schema.ts',
  out: './sync-server/db/migrations',
});
