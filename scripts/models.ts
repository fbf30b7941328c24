/**
 * Manages the optional neural models in MODELS_DIR.
 *
 *   download  fetches EMBEDDING_MODEL and SPEECH_MODEL (weights: MODEL_DTYPE, default q8) into
 *             MODELS_DIR. Needs internet; run it on a machine that has it and copy the folder.
 *   check     verifies each configured model: files present, loads, one tiny inference.
 *             Exit code 1 when a model is installed but broken; an absent model is not an error,
 *             the product then uses its lexical pipeline and manual transcription.
 *
 * Environment: MODELS_DIR (default <DATA_DIR>/models), DATA_DIR (default ./data),
 * EMBEDDING_MODEL, SPEECH_MODEL, MODEL_DTYPE, MODELS_REMOTE_HOST (a hub mirror, for download only).
 */
import { env, pipeline, type ProgressInfo } from '@huggingface/transformers';
import {
  errorMessage, findLocalModel, modelSettingsFromEnv, useModelsDownloadInto,
  type ModelDtype, type ModelSettings, type ModelTask,
} from '../workers/pipelines/embeddings/local-models.ts';
import { loadEmbedder } from '../workers/pipelines/embeddings/transformers-embedder.ts';
import { loadTranscriber } from '../workers/pipelines/asr/whisper.ts';
import { SPEECH_SAMPLE_RATE } from '../workers/pipelines/asr/transcriber.ts';

const HUB_TIMEOUT_MS = 8_000;

interface ModelEntry {
  role: string;
  task: ModelTask;
  name: string;
  /** What the product does without this model. */
  fallback: string;
}

function modelEntries(settings: ModelSettings): ModelEntry[] {
  return [
    {
      role: 'embeddings', task: 'feature-extraction', name: settings.embeddingModel,
      fallback: 'thema\'s komen uit de Nederlandse lexicale pijplijn',
    },
    {
      role: 'spraak', task: 'automatic-speech-recognition', name: settings.speechModel,
      fallback: 'spraakberichten wachten op een handmatige transcriptie',
    },
  ];
}

async function download(settings: ModelSettings): Promise<number> {
  useModelsDownloadInto(settings.modelsDir, settings.remoteHost);
  try {
    await fetch(env.remoteHost, { method: 'HEAD', signal: AbortSignal.timeout(HUB_TIMEOUT_MS) });
  } catch (error) {
    console.error([
      `Geen verbinding met ${env.remoteHost} (${errorMessage(error)}).`,
      'Deze machine kan de modellen niet downloaden. Doe dit op een computer met internet:',
      `  MODELS_DIR=./models EMBEDDING_MODEL=${settings.embeddingModel} SPEECH_MODEL=${settings.speechModel} npm run models:download`,
      `en kopieer daarna de map ./models naar ${settings.modelsDir} op deze machine.`,
      'Controleer het resultaat met: npm run models:check',
    ].join('\n'));
    return 1;
  }

  let failed = 0;
  for (const { role, task, name } of modelEntries(settings)) {
    console.log(`${role}: ${name} (${settings.downloadDtype}) downloaden naar ${settings.modelsDir} ...`);
    try {
      const loaded = await pipeline(task, name, { dtype: settings.downloadDtype, device: 'cpu', progress_callback: reportFile });
      await loaded.dispose();
    } catch (error) {
      failed += 1;
      console.error(`${role}: ${name} downloaden mislukt: ${errorMessage(error)}`);
    }
  }
  const checked = await check(settings);
  return failed > 0 ? 1 : checked;
}

function reportFile(info: ProgressInfo): void {
  if (info.status === 'done') console.log(`  ${info.file}`);
}

async function check(settings: ModelSettings): Promise<number> {
  console.log(`Modellenmap: ${settings.modelsDir}`);
  let broken = 0;
  for (const entry of modelEntries(settings)) {
    const local = await findLocalModel(settings.modelsDir, entry.name, entry.task);
    if (!local.ok && local.state === 'absent') {
      console.log(`- ${entry.role}: niet actief, ${entry.fallback}. ${local.reason}`);
      continue;
    }
    const outcome = local.ok
      ? await tryModel(settings.modelsDir, entry, local.dtype)
      : { active: false, detail: local.reason };
    if (outcome.active) {
      console.log(`✓ ${entry.role}: ${entry.name} actief (${outcome.detail})`);
    } else {
      broken += 1;
      console.log(`✗ ${entry.role}: ${entry.name} werkt niet, ${entry.fallback}. ${outcome.detail}`);
    }
  }
  return broken === 0 ? 0 : 1;
}

/** Loads the model and runs one tiny inference, so "actief" means it really answers. */
async function tryModel(
  modelsDir: string, { task, name }: ModelEntry, dtype: ModelDtype,
): Promise<{ active: boolean; detail: string }> {
  if (task === 'feature-extraction') {
    const { embedder, reason } = await loadEmbedder({ modelsDir, modelName: name, dtype });
    if (!embedder) return { active: false, detail: reason };
    try {
      const [vector] = await embedder.embed(['Ik voel me gehoord.'], { kind: 'passage' });
      return { active: true, detail: `${dtype}, ${vector!.length} dimensies` };
    } finally {
      await embedder.close();
    }
  }
  const { transcriber, reason } = await loadTranscriber({ modelsDir, modelName: name, dtype });
  if (!transcriber) return { active: false, detail: reason };
  try {
    await transcriber.transcribe(new Float32Array(SPEECH_SAMPLE_RATE));
    return { active: true, detail: `${dtype}, 1 s stilte getranscribeerd` };
  } finally {
    await transcriber.close();
  }
}

const COMMANDS: Record<string, (settings: ModelSettings) => Promise<number>> = { download, check };

const command = COMMANDS[process.argv[2] ?? ''];
if (!command) {
  console.error('Gebruik: models.ts download | check');
  process.exitCode = 2;
} else {
  process.exitCode = await command(modelSettingsFromEnv());
}
