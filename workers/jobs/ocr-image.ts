import type { DB } from '../../models/db.ts';
import { enqueue } from '../../models/jobs.ts';
import { saveOcr, setPartStatus } from '../../models/media.ts';
import type { MediaStore } from '../../services/media/store.ts';
import { createOcr, type Ocr } from '../pipelines/ocr/ocr.ts';
import type { JobHandler } from '../runner.ts';
import { runPartJob } from './part-job.ts';

/** One image → the Dutch text in it (a letter, words in a drawing), which then counts as part of the story. */
export function ocrImageJob(deps: { db: DB; store: MediaStore; cacheDir: string }): JobHandler {
  const { db, store } = deps;
  let ocr: Promise<Ocr> | undefined;
  return {
    kind: 'media.ocr',
    // One tesseract worker thread, reused for every image; it runs outside the event loop.
    concurrency: 1,
    leaseMs: 10 * 60_000,
    async close() {
      const running = ocr;
      ocr = undefined;
      await (await running)?.terminate();
    },
    handle: (ctx) => runPartJob(db, ctx, async (part) => {
      await setPartStatus(db, part.id, 'processing');
      ocr ??= createOcr({ cacheDir: deps.cacheDir });
      const result = await (await ocr).recognize(await store.get(part.mediaKey));
      await saveOcr(db, part.id, result.text, result.confidence);
      await enqueue(db, 'narrative.analyze', { narrativeId: part.narrativeId });
    }),
  };
}
