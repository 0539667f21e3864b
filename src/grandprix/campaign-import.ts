import type { Kysely } from 'kysely';
import { bumpContentVersion } from '../db/content-version';
import type { Database } from '../db/schema';
import { mediaKeyOf, picturesByKey } from '../media/references';
import { commitmentOf, newSeed } from './draw-commitment';
import { CampaignFormatError, parseCampaign, type Campaign } from './campaign-schema';
import { structuralChanges } from './campaign-changes';
import { campaignsRepository } from './campaigns-repository';

export type ImportOutcome = { slug: string; action: 'created' | 'updated' | 'unchanged'; commitment: string };

/** Why an import was refused, naming the field so the editor can fix the file. */
export class CampaignImportError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Imports a campaign YAML, idempotent by slug. A new campaign gets a secret draw seed whose
 * SHA-256 is published at once (the commitment). Once a campaign has opened, only texts may
 * change: anything that changes what can be voted for, when, or what can be won is refused.
 */
export async function importCampaign(db: Kysely<Database>, yaml: string, now: Date): Promise<ImportOutcome> {
  let campaign;
  try {
    campaign = parseCampaign(yaml);
  } catch (error) {
    if (error instanceof CampaignFormatError) {
      const first = error.issues[0];
      throw new CampaignImportError(first?.field || 'file', error.issues.map((i) => (i.field ? `${i.field}: ${i.message}` : i.message)).join('; '));
    }
    throw error;
  }
  await checkNomineeImages(db, campaign);
  return db.transaction().execute(async (trx) => {
    const repo = campaignsRepository(db);
    const existing = await repo.findBySlug(campaign.slug, trx);
    if (!existing) {
      const seed = newSeed().toString('hex');
      const commitment = commitmentOf(seed);
      await repo.insert(campaign, yaml, seed, commitment, now, trx);
      await bumpContentVersion(trx);
      return { slug: campaign.slug, action: 'created', commitment };
    }
    if (existing.definitionYaml === yaml) return { slug: campaign.slug, action: 'unchanged', commitment: existing.drawCommitment };
    if (now.getTime() >= existing.definition.opensAt.getTime()) {
      const changed = structuralChanges(existing.definition, campaign);
      if (changed.length > 0) {
        throw new CampaignImportError(
          changed[0]!,
          `the campaign has opened, so only texts may change; refused because ${changed.join(', ')} changed`,
        );
      }
    }
    await repo.updateDefinition(existing.id, campaign, yaml, now, trx);
    await bumpContentVersion(trx);
    return { slug: campaign.slug, action: 'updated', commitment: existing.drawCommitment };
  });
}

/** A nominee's `media:KEY` must name an image the library has: a campaign never shows a broken picture. */
async function checkNomineeImages(db: Kysely<Database>, campaign: Campaign): Promise<void> {
  const wanted = campaign.categories.flatMap((c, i) =>
    c.nominees.flatMap((n, j) => {
      const key = n.image ? mediaKeyOf(n.image) : null;
      return key ? [{ key, field: `categories[${i}].nominees[${j}].image` }] : [];
    }),
  );
  const found = await picturesByKey(db, wanted.map((w) => w.key));
  const missing = wanted.find((w) => !found.has(w.key));
  if (missing) {
    throw new CampaignImportError(missing.field, `${missing.field}: media:${missing.key} is not in the media library; add the image first (paddock media add FILE) and copy its reference from its page in /admin/media`);
  }
}
