import { Picture, SIZES, type PictureSource } from '../../media/picture';
import { mediaKeyOf } from '../../media/references';
import type { Campaign, Nominee } from '../campaign-schema';

/** The library images a campaign's nominees show, by key (media/references.ts loads them). */
export type NomineeImages = ReadonlyMap<string, PictureSource>;

export function nomineeImageKeys(campaign: Campaign): string[] {
  return campaign.categories.flatMap((c) => c.nominees.flatMap((n) => (n.image ? [mediaKeyOf(n.image)].filter((k): k is string => k !== null) : [])));
}

/**
 * A nominee's photo: a library image as a responsive picture, a URL as it is. Alt text is the
 * nominee's name unless the campaign gives one. Ballots are long, so every photo loads lazily.
 */
export function NomineePhoto({ nominee, images }: { nominee: Nominee; images: NomineeImages }) {
  if (!nominee.image) return null;
  const alt = nominee.image_alt ?? nominee.title;
  const key = mediaKeyOf(nominee.image);
  if (key) {
    const image = images.get(key);
    return image ? <Picture class="nominee-photo" image={image} alt={alt} sizes={SIZES.nominee} priority="lazy" /> : null;
  }
  return <img class="nominee-photo" src={nominee.image} alt={alt} loading="lazy" decoding="async" />;
}
