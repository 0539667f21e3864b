// Child process for bench:vote: the real app with a campaign open now, on the DATABASE_URL given.
import { stringify } from 'yaml';
import { buildApp } from '../../src/app';
import { loadConfig } from '../../src/config';
import { createDatabase } from '../../src/db/database';
import { migrate } from '../../src/db/migrate';
import { importCampaign } from '../../src/grandprix/campaign-import';
import { baseCampaignData } from '../../test/support/grandprix-fixtures';

const config = loadConfig({ ...process.env, LOG_LEVEL: 'silent', PADDOCK_DEMO: '0', PADDOCK_POW: 'off', ENTRY_RATE_LIMIT: '0' });
const database = await createDatabase(config.DATABASE_URL, process.env.BENCH_PG_SCHEMA ? { pgSchema: process.env.BENCH_PG_SCHEMA } : {});
await migrate(database);
await importCampaign(database.db, stringify({ ...baseCampaignData(), slug: 'bench', opens_at: '2020-01-01T00:00:00', closes_at: '2100-01-01T00:00:00' }), new Date());
const app = await buildApp({ config, database, logger: false });
const address = await app.listen({ port: 0, host: '127.0.0.1' });
process.stdout.write(`${JSON.stringify({ address })}\n`);
// With --cpu-prof the profile is written on a normal exit, which SIGINT then triggers.
process.on('SIGINT', () => process.exit(0));
