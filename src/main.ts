import { parseArgs } from 'node:util';
import { ConfigError, loadConfig, type Config } from './config';
import { createDatabase, type PaddockDb } from './db/database';
import { migrate } from './db/migrate';

const USAGE = `Usage: paddock <command> [options]

Commands:
  serve                         start the site (migrates the database first)
  db migrate                    bring the database schema up to date
  import PATH... [--quiet|--json|--verbose] [--dry-run] [--media DIR] [--webhooks]
                                import articles from Markdown (YAML front matter), JSON or JSONL files,
                                or folders, a WordPress export (WXR .xml/.xml.gz) or a Ghost export
                                (.json); a progress bar on a terminal, else one summary line;
                                --media DIR: a copy of wp-content/uploads or content/images;
                                --webhooks: announce imported articles to webhook subscribers
  summarize [FILE|-] [--points N] [--lang en|ru] [--title T] [--json]
                                print the key points of a text
  summarize --recompute          recompute the stored summaries no editor has edited
  related --recompute            compute every article's "Read next" list anew (after upgrading,
                                or an import that wrote the newest articles first)
  summarize --jsonl IN --out OUT [--points N]
                                summarize every line of a JSONL file
  campaign import FILE          import a Grand Prix campaign from YAML (idempotent by slug)
  campaign results SLUG [--csv] [--entries]
                                the aggregate results; --entries: one row per entry (personal data)
  campaign disqualify SLUG CODE --reason TEXT [--reason-code duplicate|fraud|ineligible|rules|other]
                                disqualify an entry (kept and logged, never deleted; the code is published)
  campaign recount FILE|URL [--results FILE|URL] [--digest HEX]
                                recount a published ballot list and check the results (needs no database)
  raffle draw SLUG [--beacon-signature HEX [--beacon-previous-signature HEX]] [--allow-fewer]
                                draw the prizes of a closed campaign (once; the record is immutable)
                                and mail the winners
  raffle forfeit SLUG CODE --reason TEXT
                                a prize holder forfeits: the prize passes to the next alternate
  raffle claim SLUG CODE        mark a prize as claimed
  raffle notify SLUG            mail prize holders whose notification could not be sent
  raffle verify FILE|URL [--chain-info FILE]
                                check a published draw record (needs no database); the beacon
                                signature offline for quicknet and drand's default chain, or for
                                a chain whose /info JSON is given
  entrant export EMAIL          print all we hold about a person as JSON
  entrant erase EMAIL           remove a person's data; their vote stays counted anonymously
  redirects import FILE         store redirects from CSV (from,to[,status]), a JSON array of
                                {from,to,status?}, or Ghost's redirects.json or redirects.yaml
                                (its patterns skipped and listed); all or nothing, each bad row
                                named by its line (exit 1)
  redirects list                list the redirects (from, to, status, who added it)
  apikey add NAME [--origin URL]... [--rate N]
                                a Content API key (printed once; only its hash is kept); --origin:
                                a browser origin that may read answers; --rate: requests a minute
  apikey list | revoke ID       list the keys, or revoke one (its requests get 401)
  user add EMAIL --role contributor|editor|admin
                                add a person; prints a one-time set-password link (valid 24 h)
  user list                     list the people who can sign in to /admin
  user disable|enable EMAIL     stop (and end the sessions of) or restore an account
  user link EMAIL               a new set-password link (a forgotten password)
  user lang EMAIL en|ru|site    the language of this person's admin (site: SITE_LANG)
  media add FILE... [--alt T] [--credit T] [--caption T]
                                add images to the media library; prints each one's id and URL

Options:
  -h, --help                    show this help

Configuration comes from environment variables (see README.md).`;

class UsageError extends Error {}

const io = { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr };

async function withDatabase<T>(config: Config, fn: (db: PaddockDb) => Promise<T>): Promise<T> {
  const database = await createDatabase(config.DATABASE_URL);
  try {
    await migrate(database);
    return await fn(database);
  } finally {
    await database.close();
  }
}

function strictArgs(args: string[], options: NonNullable<Parameters<typeof parseArgs>[0]>['options'] = {}, allowPositionals = true) {
  try {
    return parseArgs({ args, options, allowPositionals, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

async function run(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return command === undefined ? 2 : 0;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  switch (command) {
    case 'serve': {
      strictArgs(rest, {}, false);
      // Loaded only to serve: the other commands start faster and smaller without the whole site.
      const { startServer } = await import('./server');
      await startServer(loadConfig());
      return -1; // keeps running
    }
    case 'db': {
      const { positionals } = strictArgs(rest);
      if (positionals.length !== 1 || positionals[0] !== 'migrate') throw new UsageError('db takes one subcommand: migrate');
      const database = await createDatabase(loadConfig().DATABASE_URL);
      const applied = await migrate(database).finally(() => database.close());
      process.stdout.write(applied.length ? `applied: ${applied.join(', ')}\n` : 'database is up to date\n');
      return 0;
    }
    case 'import': {
      const { positionals, values } = strictArgs(rest, { quiet: { type: 'boolean' }, json: { type: 'boolean' }, verbose: { type: 'boolean' }, 'dry-run': { type: 'boolean' }, media: { type: 'string' }, webhooks: { type: 'boolean' } });
      if (positionals.length === 0) throw new UsageError('import needs at least one file or folder');
      const mediaDir = values.media as string | undefined;
      if (mediaDir !== undefined && !(await import('node:fs')).statSync(mediaDir, { throwIfNoEntry: false })?.isDirectory()) throw new UsageError(`--media ${mediaDir}: not a folder`);
      const config = loadConfig();
      const { runImportCommand } = await import('./articles/import/import-command');
      const { mediaLibraryFromConfig } = await import('./media/library');
      const { articleObservers } = await import('./article-observers');
      return withDatabase(config, (database) => {
        const options = {
          observers: articleObservers(database, config, { webhooks: values.webhooks === true }),
          quiet: values.quiet === true,
          json: values.json === true,
          verbose: values.verbose === true,
          dryRun: values['dry-run'] === true,
          ...(mediaDir !== undefined ? { media: { library: mediaLibraryFromConfig(database.db, config), dir: mediaDir } } : {}),
        };
        return runImportCommand(positionals, database, config.SITE_TIMEZONE, options, io);
      });
    }
    case 'summarize': {
      if (rest.length === 1 && rest[0] === '--recompute') {
        // The stored summaries of every article no editor has edited, from the current model.
        const { recomputeSummaries } = await import('./articles/recompute-summaries');
        return withDatabase(loadConfig(), async (database) => {
          const totals = await recomputeSummaries(database, 'cli', new Date());
          io.stdout.write(`checked ${totals.checked} articles: ${totals.changed} summaries recomputed, ${totals.edited} edited by the newsroom and kept\n`);
          return 0;
        });
      }
      const { runSummarizeCommand } = await import('./summary/cli');
      return runSummarizeCommand(rest, io);
    }
    case 'related': {
      if (rest.length !== 1 || rest[0] !== '--recompute') throw new UsageError('related takes one option: --recompute');
      const { recomputeRelated } = await import('./articles/related/recompute');
      return withDatabase(loadConfig(), async (database) => {
        const started = performance.now();
        const totals = await recomputeRelated(database);
        const seconds = ((performance.now() - started) / 1000).toFixed(1);
        io.stdout.write(`computed the related articles of ${totals.articles} articles in ${seconds} s: ${totals.withRelated} have some\n`);
        return 0;
      });
    }
    case 'campaign':
    case 'entrant': {
      if (command === 'campaign' && rest[0] === 'recount') {
        // A reader recounting a published list has no Paddock site to configure.
        const { runRecount, RecountUsageError } = await import('./grandprix/recount-command');
        try {
          return await runRecount(rest.slice(1), io);
        } catch (error) {
          if (error instanceof RecountUsageError) throw new UsageError(error.message);
          throw error;
        }
      }
      const { runCampaignCommand, runEntrantCommand, CliUsageError } = await import('./grandprix/cli');
      const run = command === 'campaign' ? runCampaignCommand : runEntrantCommand;
      try {
        return await withDatabase(loadConfig(), (database) => run(database.db, rest, io));
      } catch (error) {
        if (error instanceof CliUsageError) throw new UsageError(error.message);
        throw error;
      }
    }
    case 'raffle': {
      if (rest[0] === 'verify') {
        const { positionals, values } = strictArgs(rest.slice(1), { 'chain-info': { type: 'string', multiple: true } });
        if (positionals.length !== 1) throw new UsageError('raffle verify takes one FILE or URL [--chain-info FILE]');
        const { runRaffleVerify } = await import('./raffle/verify-command');
        // A reader checking a published record has no Paddock site to configure: only DRAND_URL matters.
        let drandUrl: string | undefined;
        try {
          drandUrl = loadConfig().DRAND_URL;
        } catch {
          drandUrl = process.env.DRAND_URL || undefined;
        }
        return runRaffleVerify(positionals[0]!, io, { drandUrl, chainInfoFiles: (values['chain-info'] as string[] | undefined) ?? [] });
      }
      const { runRaffleCommand, RaffleUsageError } = await import('./raffle/cli');
      const { drawObservers } = await import('./article-observers');
      const { createMailer } = await import('./mail/mailer');
      const config = loadConfig();
      const mailer = createMailer({ smtpUrl: config.SMTP_URL, outboxDir: config.MAIL_OUTBOX, from: config.MAIL_FROM });
      try {
        return await withDatabase(config, (database) =>
          runRaffleCommand(database.db, rest, io, { mailer, siteUrl: config.SITE_URL, drandUrl: config.DRAND_URL, observers: drawObservers(database, config) }),
        );
      } catch (error) {
        if (error instanceof RaffleUsageError) throw new UsageError(error.message);
        throw error;
      } finally {
        mailer.close();
      }
    }
    case 'user': {
      const { runUserCommand, UserUsageError } = await import('./accounts/cli');
      const config = loadConfig();
      try {
        return await withDatabase(config, (database) => runUserCommand(database.db, rest, io, { siteUrl: config.SITE_URL }));
      } catch (error) {
        if (error instanceof UserUsageError) throw new UsageError(error.message);
        throw error;
      }
    }
    case 'redirects': {
      const { runRedirectsCommand, RedirectsUsageError } = await import('./articles/redirects/cli');
      const config = loadConfig();
      try {
        return await withDatabase(config, (database) => runRedirectsCommand(database.db, rest, io));
      } catch (error) {
        if (error instanceof RedirectsUsageError) throw new UsageError(error.message);
        throw error;
      }
    }
    case 'apikey': {
      const { runApiKeyCommand, ApiKeyUsageError } = await import('./api/cli');
      try {
        return await withDatabase(loadConfig(), (database) => runApiKeyCommand(database.db, rest, io));
      } catch (error) {
        if (error instanceof ApiKeyUsageError) throw new UsageError(error.message);
        throw error;
      }
    }
    case 'media': {
      const { runMediaCommand, MediaUsageError } = await import('./media/cli');
      const { mediaLibraryFromConfig } = await import('./media/library');
      const config = loadConfig();
      try {
        return await withDatabase(config, (database) => runMediaCommand(mediaLibraryFromConfig(database.db, config), rest, io, { siteUrl: config.SITE_URL }));
      } catch (error) {
        if (error instanceof MediaUsageError) throw new UsageError(error.message);
        throw error;
      }
    }
    default:
      throw new UsageError(`unknown command "${command}"`);
  }
}

run(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof UsageError) {
      process.stderr.write(`paddock: ${error.message}\n\n${USAGE}\n`);
      process.exitCode = 2;
    } else if (error instanceof ConfigError) {
      process.stderr.write(`paddock: ${error.message}\n`);
      process.exitCode = 2;
    } else {
      process.stderr.write(`paddock: ${(error as Error).message}\n`);
      process.exitCode = 1;
    }
  },
);
