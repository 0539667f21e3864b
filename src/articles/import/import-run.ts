import fs from 'node:fs';
import path from 'node:path';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import { Refusal } from '../../errors';
import type { MediaLibrary } from '../../media/library';
import { sha256File } from '../../media/pipeline';
import type { ComposedBody } from '../compose';
import type { ArticleInput, Hero } from '../model';
import type { ArticlesRepository } from '../repository';
import { inlineComposer, threadComposer, type Composer } from './compose-pool';
import { ghostRecords } from './ghost-posts';
import { GhostFileError, sniffGhost } from './ghost-reader';
import { authorImporter, type AuthorCounts } from './import-authors';
import { oldTermAddresses } from './old-addresses';
import { ImportFieldError, parseArticleFile, parseJsonLine } from './parse-article';
import { detached, type HeroFile, type OldTermPath, type SourcePerson, type SourceRecord } from './source-record';
import { walkFiles } from './walk';
import { wordpressRecords } from './wordpress-posts';
import { sniffWxr, WXR_NAMESPACE, WXR_VERSION, WxrFileError } from './wxr-reader';

/** A record that could not be imported: the file, the JSONL line, the field and what is wrong. */
export interface ImportIssue {
  file: string;
  line?: number;
  /** A post of a WordPress or Ghost export: `post 12 "Title"`. */
  item?: string;
  field: string;
  message: string;
}

export type ArticleOutcome = 'added' | 'updated' | 'unchanged';

export interface ImportReport {
  files: number;
  added: number;
  updated: number;
  unchanged: number;
  failed: number;
  seconds: number;
  /** The first MAX_LISTED issues; `issuesOmitted` counts the rest. */
  issues: ImportIssue[];
  issuesOmitted: number;
  /** What an export held that is not imported, by reason (pages, comments, menu items…). */
  skipped: Record<string, number>;
  /** What was imported with a change worth knowing (a private post as a draft, an external image…). */
  notes: Record<string, number>;
  /** The people of WordPress and Ghost exports, brought over as authors. */
  authors: AuthorCounts;
  /** Old addresses of categories, tags and authors kept as redirects (posts' own are kept with each post). */
  redirects: number;
  dryRun: boolean;
}

export interface ImportListener {
  issue?(issue: ImportIssue): void;
  article?(event: { file: string; line?: number; item?: string; slug: string; outcome: ArticleOutcome }): void;
  /** After each stored batch: records handled so far and bytes of input read. */
  progress?(done: { records: number; bytes: number }): void;
}

export interface ImportOptions {
  repo: ArticlesRepository;
  timeZone: string;
  listener?: ImportListener;
  /** Default: composed on this thread until the first full batch, then on a thread per core. */
  composer?: Composer;
  batchSize?: number;
  /** Changes each parsed article before it is stored (the demo swaps its drawn images for their media library copies). */
  adapt?: (input: ArticleInput) => ArticleInput;
  /** A copy of wp-content/uploads or Ghost's content/images: featured images found there go into the library. */
  media?: { library: MediaLibrary; dir: string };
  /** Everything is read, checked and written in a transaction that is rolled back: nothing is stored. */
  dryRun?: boolean;
  /**
   * Where the people of a WordPress or Ghost export are stored as authors before their posts,
   * and the old addresses of categories, tags and authors as redirects. Needed for those exports.
   */
  db?: Kysely<Database>;
}

const MAX_LISTED = 1000;

/** Where a record came from: its file, and its line in a JSONL file. */
interface Origin {
  file: string;
  line?: number;
  item?: string;
}

interface Item extends Origin {
  input: ArticleInput;
  oldTerms?: OldTermPath[];
}

const originOf = (o: Origin): Origin => ({ file: o.file, ...(o.line ? { line: o.line } : {}), ...(o.item ? { item: o.item } : {}) });

/**
 * Imports articles from files and folders as a stream: JSONL line by line, folders walked
 * lazily, articles stored in batches of one transaction each, so memory stays flat whatever the
 * size of the input. A Markdown or JSON file is validated whole before any of it is stored; a
 * JSONL file line by line (one bad line out of 100,000 does not hold up the rest). Importing is
 * idempotent by slug, so a run that was interrupted finishes when run again.
 */
export async function importPaths(paths: string[], options: ImportOptions): Promise<ImportReport> {
  const started = performance.now();
  const { repo, timeZone, listener = {} } = options;
  const batchSize = options.batchSize ?? 250;
  const dryRun = options.dryRun === true;
  const report: ImportReport = {
    files: 0,
    added: 0,
    updated: 0,
    unchanged: 0,
    failed: 0,
    seconds: 0,
    issues: [],
    issuesOmitted: 0,
    skipped: {},
    notes: {},
    authors: { created: 0, updated: 0, unchanged: 0 },
    redirects: 0,
    dryRun,
  };
  const tally = (kind: 'skipped' | 'notes', reason: string, n = 1) => {
    report[kind][reason] = (report[kind][reason] ?? 0) + n;
  };
  // Slugs seen in this run, with where: a second article with the same slug is a mistake to report.
  const seen = new Map<string, Origin>();
  const names = new Set<string>();
  let composer = options.composer ?? null;
  let records = 0;
  let bytes = 0;

  const fail = (issue: ImportIssue) => {
    report.failed++;
    if (report.issues.length < MAX_LISTED) report.issues.push(issue);
    else report.issuesOmitted++;
    listener.issue?.(issue);
  };

  let batch: Item[] = [];
  let pending: { items: Item[]; composing: Promise<ComposedBody[]> } | null = null;

  async function store(job: { items: Item[]; composing: Promise<ComposedBody[]> }) {
    let composed: ComposedBody[] | null = await job.composing.catch(() => null);
    let results: Array<{ created: boolean; changed: boolean } | Error>;
    try {
      if (!composed) throw new Error('compose failed');
      results = await repo.importBatch(job.items.map((it, i) => ({ input: it.input, composed: composed![i]! })), names, { dryRun });
    } catch {
      // Something in the batch broke it: store its articles one by one to find which.
      composed ??= [];
      results = [];
      for (const [i, it] of job.items.entries()) {
        try {
          const c = composed[i] ?? (await inlineComposer.compose([it.input]))[0]!;
          results.push((await repo.importBatch([{ input: it.input, composed: c }], names, { dryRun }))[0]!);
        } catch (error) {
          results.push(error as Error);
        }
      }
    }
    for (const [i, it] of job.items.entries()) {
      const r = results[i]!;
      if (r instanceof Error) {
        fail({ ...originOf(it), field: 'database', message: r.message.split('\n')[0]! });
        continue;
      }
      const outcome: ArticleOutcome = r.created ? 'added' : r.changed ? 'updated' : 'unchanged';
      report[outcome]++;
      if (it.oldTerms) terms.add(it.oldTerms);
      listener.article?.({ ...originOf(it), slug: it.input.slug, outcome });
    }
    listener.progress?.({ records, bytes });
  }

  async function flush(final: boolean) {
    if (batch.length === 0) return;
    // Threads pay off only for a real archive: small imports (the demo) compose right here.
    composer ??= final && !pending ? inlineComposer : threadComposer();
    const job = { items: batch, composing: composer.compose(batch.map((b) => b.input)) };
    batch = [];
    // The previous batch is stored while this one composes on the threads.
    if (pending) await store(pending);
    pending = job;
  }

  /** The error for a slug that an earlier record of this run already used, or null. */
  function clash(slug: string, item: Origin): ImportFieldError | null {
    const earlier = seen.get(slug);
    if (!earlier) return null;
    return slugTaken(slug, earlier.file !== item.file ? earlier.file : earlier.line ? `line ${earlier.line} of this file` : 'another article in this file');
  }

  function accept(parsed: Item) {
    const item = options.adapt ? { ...parsed, input: options.adapt(parsed.input) } : parsed;
    const error = clash(item.input.slug, item);
    if (error) return fail({ ...originOf(item), ...describe(error) });
    // Copies, not slices: a parser's strings are views of the chunk they were read from, and a run's
    // worth of them kept here kept every chunk of the file in memory (bench:import at 10,000 posts).
    const origin = originOf(item);
    seen.set(detached(item.input.slug), { ...origin, ...(origin.item ? { item: detached(origin.item) } : {}) });
    batch.push(item);
  }

  // Library ids of featured images and author pictures already taken in this run (many posts share one picture).
  const heroIds = new Map<string, number | null>();
  const terms = oldTermAddresses();
  const people = options.db
    ? authorImporter({ db: options.db, dryRun, tally, counts: report.authors, photo: photoOf, redirected: () => report.redirects++ })
    : null;

  /** A featured image found under --media becomes a library image; otherwise its address is kept. */
  async function heroOf(record: Extract<SourceRecord, { input: ArticleInput }>): Promise<Hero | null> {
    const hero = record.input.hero;
    if (!hero) return null;
    const media = options.media;
    const found = media && record.heroFile ? await libraryId(media, record.heroFile, 'featured image', 'kept as an external address') : null;
    if (found === null) {
      tally(
        'notes',
        !media
          ? 'featured image kept as an external address (no --media)'
          : record.heroFile
            ? 'featured image not found under --media (kept as an external address)'
            : 'featured image from another site kept as an external address',
      );
      return hero;
    }
    return { mediaId: found, alt: hero.alt, credit: hero.credit };
  }

  /** An author's picture found under --media goes into the library; one from elsewhere is left out (an author's photo is a library image). */
  async function photoOf(person: SourcePerson): Promise<number | null> {
    const photo = person.photo;
    if (!photo) return null;
    const media = options.media;
    const found = media && photo.file ? await libraryId(media, photo.file, 'author picture', 'left out') : null;
    if (found === null) {
      tally('notes', !photo.file ? 'author picture from another site left out' : !media ? 'author picture left out (no --media)' : 'author picture not found under --media (left out)');
    }
    return found;
  }

  async function libraryId(media: NonNullable<ImportOptions['media']>, hero: HeroFile, what: string, otherwise: string): Promise<number | null> {
    const root = path.resolve(media.dir);
    const file = path.resolve(root, hero.relative);
    // An address in the export must not reach outside the folder the user named.
    if (!file.startsWith(root + path.sep)) return null;
    if (heroIds.has(file)) return heroIds.get(file)!;
    let id: number | null = null;
    if (fs.existsSync(file)) {
      if (dryRun) {
        // Nothing is stored in a dry run: a picture the library already has is used, a new one counted.
        id = (await media.library.repo.findBySource(await sha256File(file)))?.id ?? null;
        if (id === null) tally('notes', `${what} that would be added to the media library`);
      } else {
        try {
          const { item, created } = await media.library.add({ file, name: path.basename(file), actor: 'import', alt: hero.alt, caption: hero.caption }, new Date());
          if (created) tally('notes', `${what} added to the media library`);
          id = item.id;
        } catch (error) {
          if (!(error instanceof Refusal)) throw error;
          tally('notes', `${what} refused by the media library (${error.code}; ${otherwise})`);
        }
      }
    }
    heroIds.set(file, id);
    return id;
  }

  /** The posts of an export (WordPress, Ghost), stored as they are read. */
  async function importSource(file: string, source: AsyncGenerator<SourceRecord>) {
    try {
      for await (const record of source) {
        records++;
        if ('error' in record) {
          fail({ file, item: record.item, ...describe(record.error) });
          continue;
        }
        const input = { ...record.input, hero: await heroOf(record) };
        if (record.people?.length) {
          if (!people) throw new Error('importing a WordPress or Ghost export needs ImportOptions.db, where its authors are stored');
          // The byline is the people's names as the authors table has them, so that it links to them.
          input.author = (await people.namesFor(record.people)).join(', ');
        }
        accept({ file, item: record.item, input, ...(record.oldTerms?.length ? { oldTerms: record.oldTerms } : {}) });
        if (batch.length >= batchSize) await flush(false);
      }
    } catch (error) {
      // The file as a whole is unusable (cut off, wrong version): found before any of it is stored.
      records++;
      fail({ file, field: 'file', message: error instanceof WxrFileError || error instanceof GhostFileError ? error.message : (error as Error).message });
    }
  }

  try {
    for await (const { file, size, named } of walkFiles(paths)) {
      const lower = file.toLowerCase();
      const xml = lower.endsWith('.xml') || lower.endsWith('.xml.gz');
      const wxr = xml && (await sniffWxr(file).catch(() => false));
      // A folder may hold other XML (a sitemap, a feed): only a file named on the command line must be an export.
      if (xml && !wxr && !named) continue;
      report.files++;
      if (wxr) {
        await importSource(file, wordpressRecords(file, timeZone, tally, (n) => (bytes += n)));
        continue;
      }
      if (lower.endsWith('.json') && (await sniffGhost(file).catch(() => false))) {
        await importSource(file, ghostRecords(file, tally, (n) => (bytes += n)));
        continue;
      }
      if (xml) {
        records++;
        fail({ file, field: 'file', message: fs.existsSync(file) ? `is not a WordPress export (WXR ${WXR_VERSION}: an <rss> root with the wp namespace ${WXR_NAMESPACE})` : 'cannot be read (ENOENT)' });
        continue;
      }
      if (lower.endsWith('.jsonl') || lower.endsWith('.ndjson')) {
        try {
          let n = 0;
          for await (const raw of linesOf(file)) {
            n++;
            bytes += Buffer.byteLength(raw) + 1;
            const line = raw.trim();
            if (!line) continue;
            records++;
            try {
              accept({ file, line: n, input: parseJsonLine(line, timeZone) });
            } catch (error) {
              fail({ file, line: n, ...describe(error) });
            }
            if (batch.length >= batchSize) await flush(false);
          }
        } catch (error) {
          fail({ file, ...describe(error) });
        }
        continue;
      }
      try {
        const inputs = parseArticleFile(file, await fs.promises.readFile(file, 'utf8'), timeZone);
        // Validated whole before any of it is stored: each slug against the run and the file.
        const slugs = new Set<string>();
        for (const input of inputs) {
          const error = clash(input.slug, { file }) ?? (slugs.has(input.slug) ? slugTaken(input.slug, 'another article in this file') : null);
          if (error) throw error;
          slugs.add(input.slug);
        }
        bytes += size;
        records += inputs.length;
        for (const input of inputs) accept({ file, input });
      } catch (error) {
        records++;
        fail({ file, ...describe(error) });
      }
      if (batch.length >= batchSize) await flush(false);
    }
    await flush(true);
    if (pending) await store(pending);
    if (options.db) report.redirects += await terms.store(options.db, { dryRun, now: new Date() });
  } finally {
    if (composer && composer !== options.composer) await composer.close();
  }
  report.seconds = (performance.now() - started) / 1000;
  return report;
}

/**
 * The lines of a file, read a chunk at a time and only as fast as they are used: readline's
 * iterator reads ahead without limit while its consumer is slower (here, every line is an
 * article to compose and store), which held most of a large file in memory.
 */
async function* linesOf(file: string): AsyncGenerator<string> {
  let rest = '';
  for await (const chunk of fs.createReadStream(file, { encoding: 'utf8', highWaterMark: 256 * 1024 })) {
    const parts = (rest + (chunk as string)).split('\n');
    rest = parts.pop()!;
    for (const line of parts) yield line.endsWith('\r') ? line.slice(0, -1) : line;
  }
  if (rest) yield rest;
}

const slugTaken = (slug: string, where: string) => new ImportFieldError('slug', `"${slug}" is already used by ${where} in this import`);

function describe(error: unknown): { field: string; message: string } {
  if (error instanceof ImportFieldError) return { field: error.field, message: error.message };
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'EISDIR' || code === 'EACCES') return { field: 'file', message: `cannot be read (${code})` };
  return { field: 'file', message: (error as Error).message };
}

export function formatIssue(issue: ImportIssue): string {
  return `error  ${issue.file}: ${issue.line ? `line ${issue.line}: ` : ''}${issue.item ? `${issue.item}: ` : ''}${issue.field}: ${issue.message}`;
}
