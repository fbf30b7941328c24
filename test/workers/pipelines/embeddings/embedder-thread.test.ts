import { expect } from 'chai';
import { loadEmbedderInThread } from '../../../../workers/pipelines/embeddings/embedder-thread.ts';
import { loadEmbedder } from '../../../../workers/pipelines/embeddings/transformers-embedder.ts';
import { DUTCH_SENTENCES, FIXTURE_MODEL, FIXTURE_MODELS_DIR, norm } from './fixture.ts';

describe('embedder in a worker thread', () => {
  it('returns the same vectors as the in-process embedder', async () => {
    const options = { modelsDir: FIXTURE_MODELS_DIR, modelName: FIXTURE_MODEL, batchSize: 2 };
    const threaded = await loadEmbedderInThread(options);
    const local = await loadEmbedder(options);
    if (!threaded.embedder || !local.embedder) throw new Error(`expected both to load: ${threaded.reason ?? local.reason}`);
    try {
      expect(threaded.embedder.name).to.equal(local.embedder.name);
      expect(threaded.embedder.dims).to.equal(local.embedder.dims);
      const fromThread = await threaded.embedder.embed(DUTCH_SENTENCES, { kind: 'query' });
      const inProcess = await local.embedder.embed(DUTCH_SENTENCES, { kind: 'query' });
      expect(fromThread.map((v) => Array.from(v))).to.deep.equal(inProcess.map((v) => Array.from(v)));
      expect(fromThread[0]).to.be.instanceOf(Float32Array);
      expect(norm(fromThread[0]!)).to.be.closeTo(1, 1e-5);
    } finally {
      await threaded.embedder.close();
      await local.embedder.close();
    }
  });

  it('answers concurrent requests each with their own vectors', async () => {
    const { embedder, reason } = await loadEmbedderInThread({ modelsDir: FIXTURE_MODELS_DIR, modelName: FIXTURE_MODEL });
    if (!embedder) throw new Error(reason);
    try {
      const [first, second] = await Promise.all([
        embedder.embed([DUTCH_SENTENCES[0]!], { kind: 'passage' }),
        embedder.embed([DUTCH_SENTENCES[1]!, DUTCH_SENTENCES[0]!], { kind: 'passage' }),
      ]);
      expect(Array.from(second[1]!)).to.deep.equal(Array.from(first[0]!));
      expect(Array.from(second[0]!)).to.not.deep.equal(Array.from(first[0]!));
    } finally {
      await embedder.close();
    }
  });

  it('rejects requests after the thread is closed', async () => {
    const { embedder, reason } = await loadEmbedderInThread({ modelsDir: FIXTURE_MODELS_DIR, modelName: FIXTURE_MODEL });
    if (!embedder) throw new Error(reason);
    await embedder.close();
    let error: unknown;
    await embedder.embed(['Hallo'], { kind: 'passage' }).catch((e) => { error = e; });
    expect(error).to.be.instanceOf(Error);
    expect((error as Error).message).to.match(/gestopt/);
  });

  it('returns null with the reason when the model is absent', async () => {
    const result = await loadEmbedderInThread({ modelsDir: FIXTURE_MODELS_DIR, modelName: 'Xenova/multilingual-e5-small' });
    expect(result.embedder).to.equal(null);
    expect(result.reason).to.match(/niet geïnstalleerd/);
  });
});
