import { expect } from 'chai';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadTranscriber, toTranscript } from '../../../../workers/pipelines/asr/whisper.ts';
import { SPEECH_SAMPLE_RATE } from '../../../../workers/pipelines/asr/transcriber.ts';
import { modelSettingsFromEnv } from '../../../../workers/pipelines/embeddings/local-models.ts';

const TINY_BERT = fileURLToPath(new URL('../../../fixtures/models/tiny-bert-nl', import.meta.url));

/*
 * No Whisper weights exist on the build machines, so Whisper inference itself is not tested here
 * unless an operator runs the suite with a speech model in MODELS_DIR (see the last test).
 * What is tested: the absent, incomplete and wrong-model paths, and the mapping of the
 * pipeline's output shape to a Transcript.
 */
describe('Whisper transcriber', () => {
  let modelsDir: string;
  beforeEach(async () => { modelsDir = await fs.mkdtemp(path.join(os.tmpdir(), 'gehoord-asr-')); });
  afterEach(async () => { await fs.rm(modelsDir, { recursive: true, force: true }); });

  it('returns null with a clear reason when no speech model is installed', async () => {
    const { transcriber, reason } = await loadTranscriber({ modelsDir, modelName: 'Xenova/whisper-small' });
    expect(transcriber).to.equal(null);
    expect(reason).to.include('Xenova/whisper-small').and.match(/niet geïnstalleerd/).and.match(/handmatige transcriptie/);
  });

  it('lists what is missing when a Whisper folder is incomplete', async () => {
    await fs.mkdir(path.join(modelsDir, 'owner/whisper-half'), { recursive: true });
    await fs.writeFile(path.join(modelsDir, 'owner/whisper-half/config.json'), JSON.stringify({ model_type: 'whisper' }));
    const { transcriber, reason } = await loadTranscriber({ modelsDir, modelName: 'owner/whisper-half' });
    expect(transcriber).to.equal(null);
    for (const file of ['onnx/encoder_model.onnx', 'onnx/decoder_model_merged.onnx', 'preprocessor_config.json', 'tokenizer.json']) {
      expect(reason).to.include(file);
    }
  });

  it('refuses a complete model that is not a speech model, with the loader error', async () => {
    await fs.cp(TINY_BERT, path.join(modelsDir, 'owner/not-speech'), { recursive: true });
    await fs.writeFile(path.join(modelsDir, 'owner/not-speech/preprocessor_config.json'), '{}');
    const { transcriber, reason } = await loadTranscriber({ modelsDir, modelName: 'owner/not-speech' });
    expect(transcriber).to.equal(null);
    expect(reason).to.match(/kon niet laden/).and.include('bert');
  });

  it('maps timestamped chunks to trimmed segments and closes an open last segment at the end of the audio', () => {
    const transcript = toTranscript({
      text: ' Ik wacht al drie maanden op hulp. Mijn begeleider luistert goed.',
      chunks: [
        { timestamp: [0, 2.4], text: ' Ik wacht al drie maanden op hulp.' },
        { timestamp: [2.4, null], text: ' Mijn begeleider luistert goed.' },
      ],
    }, 4.75, 'Xenova/whisper-small');
    expect(transcript).to.deep.equal({
      text: 'Ik wacht al drie maanden op hulp. Mijn begeleider luistert goed.',
      segments: [
        { start: 0, end: 2.4, text: 'Ik wacht al drie maanden op hulp.' },
        { start: 2.4, end: 4.75, text: 'Mijn begeleider luistert goed.' },
      ],
      model: 'Xenova/whisper-small',
    });
  });

  it('drops empty chunks and copes with output without chunks', () => {
    expect(toTranscript({ text: ' ', chunks: [{ timestamp: [0, 1], text: '  ' }] }, 1, 'm').segments).to.deep.equal([]);
    expect(toTranscript({ text: 'Hallo' }, 1, 'm')).to.deep.equal({ text: 'Hallo', segments: [], model: 'm' });
  });

  it('transcribes with the installed speech model, if an operator installed one', async function () {
    const settings = modelSettingsFromEnv();
    const { transcriber, reason } = await loadTranscriber({ modelsDir: settings.modelsDir, modelName: settings.speechModel });
    if (!transcriber) {
      console.log(`      (skipped: Whisper inference is untested on this machine: ${reason})`);
      this.skip();
    }
    this.timeout(300_000);
    try {
      const transcript = await transcriber.transcribe(new Float32Array(2 * SPEECH_SAMPLE_RATE));
      expect(transcript.model).to.equal(settings.speechModel);
      expect(transcript.text).to.be.a('string');
      for (const segment of transcript.segments) expect(segment.end).to.be.at.least(segment.start);
    } finally {
      await transcriber.close();
    }
  });
});
