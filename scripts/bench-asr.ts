/**
 * Speech-recognition benchmark: real-time factor (processing time / audio length) of the
 * installed Whisper model, and its character error rate on a recording with known text.
 *
 *   node --import tsx scripts/bench-asr.ts [audio-file] [reference-text]
 *
 * Defaults to the committed synthetic Dutch voice note (espeak-ng) and its ground truth.
 * Without a speech model it says so and exits 0: the product then waits for manual transcripts.
 */
import fs from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { modelSettingsFromEnv } from '../workers/pipelines/embeddings/local-models.ts';
import { loadTranscriber } from '../workers/pipelines/asr/whisper.ts';
import { SPEECH_SAMPLE_RATE } from '../workers/pipelines/asr/transcriber.ts';
import { decodeToPcm16k } from '../workers/pipelines/audio/decode.ts';
import { characterErrorRate } from '../workers/pipelines/ocr/cer.ts';

const MEDIA = new URL('../test/fixtures/media/', import.meta.url);

async function defaultSample(): Promise<{ file: string; reference: string }> {
  const truth = JSON.parse(await fs.readFile(new URL('ground-truth.json', MEDIA), 'utf8')) as { spoken: string };
  return { file: fileURLToPath(new URL('speech.m4a', MEDIA)), reference: truth.spoken };
}

const settings = modelSettingsFromEnv();
const { transcriber, reason } = await loadTranscriber({ modelsDir: settings.modelsDir, modelName: settings.speechModel });
if (!transcriber) {
  console.log(`Geen spraakmodel geïnstalleerd; niets te meten.\n${reason}`);
  console.log('Installeer er een met: npm run models:download (op een machine met internet), daarna npm run models:check');
} else {
  const sample = process.argv[2] ? { file: process.argv[2], reference: process.argv[3] } : await defaultSample();
  const pcm = await decodeToPcm16k(sample.file);
  const audioSeconds = pcm.length / SPEECH_SAMPLE_RATE;

  // The first call also warms up onnxruntime; measure it apart from the steady state.
  const coldStart = performance.now();
  await transcriber.transcribe(pcm);
  const coldSeconds = (performance.now() - coldStart) / 1000;
  const warmStart = performance.now();
  const transcript = await transcriber.transcribe(pcm);
  const warmSeconds = (performance.now() - warmStart) / 1000;
  await transcriber.close();

  console.log(`model:        ${transcriber.name}`);
  console.log(`audio:        ${sample.file} (${audioSeconds.toFixed(1)} s)`);
  console.log(`first run:    ${coldSeconds.toFixed(2)} s (RTF ${(coldSeconds / audioSeconds).toFixed(2)})`);
  console.log(`second run:   ${warmSeconds.toFixed(2)} s (RTF ${(warmSeconds / audioSeconds).toFixed(2)})`);
  console.log(`segments:     ${transcript.segments.length}`);
  console.log(`transcript:   ${transcript.text}`);
  if (sample.reference) {
    console.log(`reference:    ${sample.reference}`);
    const cer = characterErrorRate(sample.reference.toLowerCase(), transcript.text.toLowerCase());
    console.log(`CER:          ${(cer * 100).toFixed(1)} %`);
  }
}
