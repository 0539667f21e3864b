import type { Kysely } from 'kysely';
import { bumpContentVersion } from '../db/content-version';
import type { Database } from '../db/schema';
import { mediaKeyOf, picturesByKey } from '../media/references';
import { commitmentOf, newSeed } from './draw-commitment';
import { CampaignFormatError, parseCampaign, type Campaign } from './campaign-schema';
import { structuralChanges } from './campaign-changes';
import { campaignsRepository } from './campaigns-repository';
import { announcedChain, firstRoundAfter, QUICKNET, roundEmittedAt } from './drand-chains';

export type ImportOutcome = {
  slug: string;
  action: 'created' | 'updated' | 'unchanged';
  commitment: string;
  /** What the import accepted but an operator should fix, worded for them (the CLI prints them to stderr). */
  warnings: string[];
};

/**
 * Why a campaign is weaker than it could be. Without a beacon whoever holds the seed can compute
 * the outcome for any entry list, and so shape the list before the freeze; a round of a chain
 * Paddock cannot check offline makes the record depend on a relay being reachable later.
 */
export function campaignWarnings(campaign: Campaign): string[] {
  const beacon = campaign.draw.beacon;
  if (campaign.prizes.length > 0 && !beacon) {
    const round = firstRoundAfter(QUICKNET, campaign.closesAt, 3600);
    return [
      `WARNING: ${campaign.slug} has ${campaign.prizes.length} prize(s) and no randomness beacon. Its draw then proves only that the winners follow from the seed and the frozen entry list: whoever holds the seed can compute the outcome for any list, and could add or hold back entries before the freeze until it suits them. Announce a drand round emitted after the close, e.g. draw: { beacon: { chain: ${QUICKNET.hash}, round: ${round} } } (quicknet, the first round an hour after closes_at).`,
    ];
  }
  if (beacon && !announcedChain(beacon)) {
    return [
      `WARNING: Paddock does not ship the public key of drand chain ${beacon.chain}, so its round cannot be checked offline: add public_key, genesis_time, period, scheme and group_hash from the chain's /info to draw.beacon, or draw with DRAND_URL set.`,
    ];
  }
  return [];
}

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
  checkBeaconRound(campaign);
  await checkNomineeImages(db, campaign);
  const warnings = campaignWarnings(campaign);
  return db.transaction().execute(async (trx) => {
    const repo = campaignsRepository(db);
    const existing = await repo.findBySlug(campaign.slug, trx);
    if (!existing) {
      const seed = newSeed().toString('hex');
      const commitment = commitmentOf(seed);
      await repo.insert(campaign, yaml, seed, commitment, now, trx);
      await bumpContentVersion(trx);
      return { slug: campaign.slug, action: 'created', commitment, warnings };
    }
    if (existing.definitionYaml === yaml) return { slug: campaign.slug, action: 'unchanged', commitment: existing.drawCommitment, warnings };
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
    return { slug: campaign.slug, action: 'updated', commitment: existing.drawCommitment, warnings };
  });
}

/** A round emitted at or before the close could have been chosen knowing its value: it proves nothing. */
function checkBeaconRound(campaign: Campaign): void {
  const beacon = campaign.draw.beacon;
  const info = beacon ? announcedChain(beacon) : null;
  if (!beacon || !info) return;
  const emitted = roundEmittedAt(info, beacon.round);
  if (emitted.getTime() <= campaign.closesAt.getTime()) {
    const first = firstRoundAfter(info, campaign.closesAt);
    throw new CampaignImportError(
      'draw.beacon.round',
      `draw.beacon.round: round ${beacon.round} is emitted at ${emitted.toISOString()}, not after closes_at (${campaign.closesAt.toISOString()}); its value is known before the entries close, so it proves nothing. Name round ${first} or later.`,
    );
  }
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
