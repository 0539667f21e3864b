import type { Kysely } from 'kysely';
import type { Capabilities } from '../database';

/** Reserved for issue 15; filled in by the work that needs it (or removed before the session ends). */
export async function up(_db: Kysely<unknown>, _caps: Capabilities): Promise<void> {}
