// Library images for tests of pages that show them: real files made with sharp, added through the real library.
import sharp from 'sharp';
import type { PaddockDb } from '../../src/db/database';
import { mediaLibraryFromConfig, type MediaLibrary } from '../../src/media/library';
import type { MediaItem } from '../../src/media/model';
import { testConfig } from './app';
import { scratchDir } from './images';

/** The library the test app uses (same MEDIA_DIR), for adding images directly. */
export function testLibrary(database: PaddockDb): MediaLibrary {
  return mediaLibraryFromConfig(database.db, testConfig());
}

let shade = 0;

/**
 * A flat-colour JPEG of the given size added to the library. Each call gets a colour of its own,
 * so each is a new item (the library merges identical pictures); flat colour keeps the encodes quick.
 */
export async function addImage(library: MediaLibrary, options: { width?: number; height?: number; alt?: string; credit?: string; caption?: string } = {}): Promise<MediaItem> {
  shade += 1;
  const { width = 1600, height = 900 } = options;
  const data = await sharp({ create: { width, height, channels: 3, background: { r: (shade * 37) % 256, g: (shade * 91) % 256, b: (shade * 13 + 60) % 256 } } }).jpeg().toBuffer();
  const scratch = scratchDir();
  try {
    const file = scratch.file(`picture-${shade}.jpg`, data);
    const { item } = await library.add({ file, name: `picture-${shade}.jpg`, actor: 'test', alt: options.alt ?? '', credit: options.credit ?? '', caption: options.caption ?? '' }, new Date());
    return item;
  } finally {
    scratch.remove();
  }
}
