// Child process for bench:http: the real app on a SQLite file, on a free port (printed as JSON).
import { buildApp } from '../../src/app';
import { loadConfig } from '../../src/config';
import { createDatabase } from '../../src/db/database';
import { migrate } from '../../src/db/migrate';
import { loadDemoContentIfEmpty } from '../../src/demo-content';

const config = loadConfig({ ...process.env, LOG_LEVEL: 'silent', PADDOCK_DEMO: '1' });
const database = await createDatabase(config.DATABASE_URL);
await migrate(database);
await loadDemoContentIfEmpty(database, config, () => {});
const app = await buildApp({ config, database, logger: false });
const address = await app.listen({ port: 0, host: '127.0.0.1' });
process.stdout.write(`${JSON.stringify({ address })}\n`);
