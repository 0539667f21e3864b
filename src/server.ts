import { buildApp } from './app';
import type { Config } from './config';
import { createDatabase } from './db/database';
import { migrate } from './db/migrate';
import { loadDemoCampaignIfNone, loadDemoContentIfEmpty } from './demo-content';

/** Starts the site: migrate, load demo content into an empty database, listen, drain on SIGTERM. */
export async function startServer(config: Config): Promise<void> {
  const database = await createDatabase(config.DATABASE_URL);
  await migrate(database);
  const app = await buildApp({ config, database });
  await loadDemoContentIfEmpty(database, config, (msg) => app.log.info(msg));
  await loadDemoCampaignIfNone(database, config, new Date(), (msg) => app.log.info(msg));

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down: finishing requests in flight');
    try {
      await app.close();
      await database.close();
      process.exit(0);
    } catch (error) {
      app.log.error({ err: error }, 'shutdown failed');
      process.exit(1);
    }
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));

  await app.listen({ port: config.PORT, host: config.HOST });
}
