import type { TranscriberLoad } from './pipelines/asr/transcriber.ts';
import { loadTranscriber } from './pipelines/asr/whisper.ts';
import type { ModelSettings } from './pipelines/embeddings/local-models.ts';

/** Where the worker gets its speech recogniser; tests inject a test double through the same interface. */
export interface TranscriberSource {
  load(): Promise<TranscriberLoad>;
  close(): Promise<void>;
}

const RECHECK_MS = 60_000;

/**
 * Whisper from MODELS_DIR, loaded once. While no model is there, the folder is looked at again
 * at most once a minute, so a model copied in later is found without a restart.
 */
export function modelTranscriberSource(settings: Pick<ModelSettings, 'modelsDir' | 'speechModel'>): TranscriberSource {
  let loaded: TranscriberLoad | undefined;
  let checkedAt = 0;
  let pending: Promise<TranscriberLoad> | undefined;
  return {
    async load() {
      if (loaded?.transcriber || (loaded && Date.now() - checkedAt < RECHECK_MS)) return loaded;
      pending ??= loadTranscriber({ modelsDir: settings.modelsDir, modelName: settings.speechModel }).then((r) => {
        loaded = r;
        checkedAt = Date.now();
        pending = undefined;
        return r;
      });
      return pending;
    },
    async close() {
      await loaded?.transcriber?.close();
    },
  };
}
