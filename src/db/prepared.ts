import { CompiledQuery, PostgresAdapter, type Compilable, type Kysely, type QueryResult, type Transaction } from 'kysely';
import type { Database } from './schema';

type Executor = Kysely<Database> | Transaction<Database>;

/** Whether statements through `executor` reach PostgreSQL (asked of the executor in hand, so a stand-in database that runs nothing never is). */
export const onPostgres = (executor: { getExecutor(): { adapter: unknown } }) => executor.getExecutor().adapter instanceof PostgresAdapter;

// Stand-ins for the values while the query is built; never sent to the database.
const placeholder = (i: number) => `\u0000paddock-value-${i}\u0000`;

/** A stand-in used for a number column: the builder sees a string, the query gets the number. */
export const numeric = (standIn: string) => standIn as unknown as number;

/** A value a prepared query can bind. */
export type SqlValue = string | number | null;

/**
 * A query built and compiled once and then run with new values: Kysely builds and compiles every
 * query anew, which on the ballot's hot path cost more than SQLite took to run the statements
 * (bench:vote profile). Values are named: `build` gets a stand-in per name (pass it through
 * `numeric()` for a number column) and must use each only as a value; each run passes an object
 * with one value per name. The compiled statement is kept per database (the SQL differs between
 * SQLite and PostgreSQL).
 */
export function preparedQuery<const Names extends readonly string[], Row>(
  db: Kysely<Database>,
  names: Names,
  build: (db: Kysely<Database>, values: Record<Names[number], string>) => Compilable<Row>,
) {
  let compiled: { sql: string; slots: Array<{ name: Names[number] } | { constant: unknown }> } | null = null;
  return async (executor: Executor, values: Record<Names[number], SqlValue>): Promise<QueryResult<Row>> => {
    if (!compiled) {
      const stand = Object.fromEntries(names.map((name, i) => [name, placeholder(i)])) as Record<Names[number], string>;
      const query = build(db, stand).compile();
      const byStandIn = new Map<unknown, Names[number]>(names.map((name) => [stand[name as Names[number]], name as Names[number]]));
      const slots = query.parameters.map((p) => (byStandIn.has(p) ? { name: byStandIn.get(p)! } : { constant: p }));
      const used = new Set(slots.flatMap((s) => ('name' in s ? [s.name] : [])));
      if (used.size !== names.length) throw new Error(`prepared query uses ${used.size} of its ${names.length} values: ${query.sql}`);
      compiled = { sql: query.sql, slots };
    }
    const parameters = compiled.slots.map((s) => ('name' in s ? values[s.name] : s.constant));
    return executor.executeQuery<Row>(CompiledQuery.raw(compiled.sql, parameters));
  };
}
