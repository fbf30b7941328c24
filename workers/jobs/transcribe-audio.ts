import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { DB } from '../../models/db.ts';
import { enqueue } from '../../models/jobs.ts';
import { hasPersonTranscript, saveMachineTranscript, setPartStatus } from '../../models/media.ts';
import { mediaErrors } from '../../services/media/errors.ts';
import type { MediaStore } from '../../services/media/store.ts';
import { decodeToPcm16k } from '../pipelines/audio/decode.ts';
import { isSilent } from '../pipelines/audio/silence.ts';
import type { TranscriberSource } from '../transcriber-source.ts';
import type { JobHandler } from '../runner.ts';
import { runPartJob } from './part-job.ts';

/**
 * One voice note → a machine transcript with segment timestamps. Without a speech model the note
 * waits visibly ("wacht op uitschrijven") for a person or for a model added later; a person's
 * transcript is never replaced.
 */
export function transcribeAudioJob(deps: { db: DB; store: MediaStore; transcribers: TranscriberSource }): JobHandler {
  const { db, store, transcribers } = deps;
  return {
    kind: 'media.transcribe',
    concurrency: 1,
    leaseMs: 30 * 60_000,
    close: () => transcribers.close(),
    handle: (ctx) => runPartJob(db, ctx, async (part) => {
      if (await hasPersonTranscript(db, part.id)) {
        await setPartStatus(db, part.id, 'done');
        return;
      }
      const { transcriber, reason } = await transcribers.load();
      if (!transcriber) {
        await setPartStatus(db, part.id, 'waiting_for_model', reason);
        return;
      }
      await setPartStatus(db, part.id, 'processing');
      const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'gehoord-audio-'));
      try {
        const file = path.join(dir, 'note');
        await fs.writeFile(file, await store.get(part.mediaKey));
        const pcm = await decodeToPcm16k(file);
        if (isSilent(pcm)) throw mediaErrors.audioSilent();
        const transcript = await transcriber.transcribe(pcm);
        await saveMachineTranscript(db, part.id, transcript);
        await enqueue(db, 'narrative.analyze', { narrativeId: part.narrativeId });
      } finally {
        await fs.rm(dir, { recursive: true, force: true });
      }
    }),
  };
}
