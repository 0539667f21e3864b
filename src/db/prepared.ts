import { CompiledQuery, type Compilable, type Kysely, type QueryResult, type Transaction } from 'kysely';
import type { Database } from './schema';

type Executor = Kysely<Database> | Transaction<Database>;

// Stand-ins for the values while the query is built; never sent to the database.
const placeholder = (i: number) => `\u0000paddock-value-${i}\u0000`;

/** A stand-in used for a number column: the builder sees a string, the query gets the number. */
export const numeric = (standIn: string) => standIn as unknown as number;

/**
 * A query built and compiled once and then run with new values: Kysely builds and compiles every
 * query anew, which on the ballot's hot path cost more than SQLite took to run the statements
 * (bench:vote profile). `build` gets stand-ins for the values and must use each only as a value;
 * the compiled statement is kept per database (the SQL differs between SQLite and PostgreSQL).
 */
export function preparedQuery<Values extends string[], Row>(db: Kysely<Database>, arity: Values['length'], build: (db: Kysely<Database>, ...values: Values) => Compilable<Row>) {
  let compiled: { sql: string; slots: Array<{ value: number } | { constant: unknown }> } | null = null;
  return async (executor: Executor, ...values: unknown[]): Promise<QueryResult<Row>> => {
    if (!compiled) {
      const stand = Array.from({ length: arity }, (_, i) => placeholder(i)) as Values;
      const query = build(db, ...stand).compile();
      const index = new Map(stand.map((s, i) => [s, i]));
      const slots = query.parameters.map((p) => (typeof p === 'string' && index.has(p) ? { value: index.get(p)! } : { constant: p }));
      const used = new Set(slots.flatMap((s) => ('value' in s ? [s.value] : [])));
      if (used.size !== arity) throw new Error(`prepared query uses ${used.size} of its ${arity} values: ${query.sql}`);
      compiled = { sql: query.sql, slots };
    }
    const parameters = compiled.slots.map((s) => ('value' in s ? values[s.value] : s.constant));
    return executor.executeQuery<Row>(CompiledQuery.raw(compiled.sql, parameters));
  };
}
