import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { Refusal } from '../errors';
import { Text } from '../web/schemas';
import type { MediaLibrary } from './library';
import { CROPS, cropStorageKey, MIME, originalStorageKey, variantStorageKey, type CropName, type VariantFormat } from './model';

const schemas = {
  file: {
    params: Type.Object({
      key: Text(64, { pattern: '^[0-9a-f]{64}$' }),
      // `640.webp`, `1920.avif`, `original.jpg`, `16x9.jpg`: any other name is not a file we make.
      file: Text(20, { pattern: '^(?:[1-9][0-9]{0,3}|original|16x9|4x3|1x1)\\.(?:avif|webp|jpg|png)$' }),
    }),
  },
};

const FORMAT_OF: Record<string, VariantFormat> = { avif: 'avif', webp: 'webp', jpg: 'jpeg', png: 'png' };

/**
 * The media files, public: `/media/<key>/<width>.<avif|webp|jpg|png>` and `/media/<key>/original.<jpg|png>`.
 * `/media/<key>/<16x9|4x3|1x1>.<jpg|png>` are the cropped copies for sharing (model.ts CROPS).
 * A key is the hash of the picture, so a URL's bytes never change and every response may be
 * cached for a year. Files are streamed from storage; a copy missing from storage is made once
 * from the original (the upload makes them all, so that is rare).
 */
export const mediaRoutes: FastifyPluginAsyncTypebox<{ media: MediaLibrary }> = async (app, { media }) => {
  app.get('/media/:key/:file', { schema: schemas.file }, async (request, reply) => {
    const { key, file } = request.params;
    const notFound = () => new Refusal('no_route', { method: 'GET', path: request.url.split('?')[0] ?? '/' });
    const [stem = '', extension = ''] = file.split('.');
    const format = FORMAT_OF[extension]!;
    let storageKey: string;
    if (stem === 'original') {
      if (format !== 'jpeg' && format !== 'png') throw notFound();
      storageKey = originalStorageKey(key, format);
    } else if (stem in CROPS) {
      const crop = stem as CropName;
      if (format !== 'jpeg' && format !== 'png') throw notFound();
      if (!(await media.ensureCrop(key, crop, format))) throw notFound();
      storageKey = cropStorageKey(key, crop, format);
    } else {
      const width = Number(stem);
      if (!(await media.ensureVariant(key, width, format))) throw notFound();
      storageKey = variantStorageKey(key, width, format);
    }
    const found = await media.storage.stream(storageKey);
    if (!found) throw notFound();
    return reply
      .header('content-type', MIME[format])
      .header('content-length', found.size)
      .header('cache-control', 'public, max-age=31536000, immutable')
      .header('x-content-type-options', 'nosniff')
      .send(found.body);
  });
};
