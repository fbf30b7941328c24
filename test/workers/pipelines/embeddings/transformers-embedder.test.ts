import { expect } from 'chai';
import fs from 'node:fs/promises';
import path from 'node:path';
import { AutoTokenizer, env } from '@huggingface/transformers';
import type { Embedder } from '../../../../workers/pipelines/embeddings/embedder.ts';
import { loadEmbedder } from '../../../../workers/pipelines/embeddings/transformers-embedder.ts';
import { conventionFor, prepareTexts } from '../../../../workers/pipelines/embeddings/model-conventions.ts';
import {
  DUTCH_SENTENCES, FIXTURE_MODEL, FIXTURE_MODELS_DIR, fixtureHiddenSize, maxAbsDifference, modelsDirWith, norm,
} from './fixture.ts';

async function mustLoad(modelsDir: string, modelName: string, batchSize?: number): Promise<Embedder> {
  const { embedder, reason } = await loadEmbedder({ modelsDir, modelName, batchSize });
  if (!embedder) throw new Error(`expected ${modelName} to load: ${reason}`);
  return embedder;
}

describe('transformers.js embedder (tiny generated model, real onnxruntime-node)', () => {
  let embedder: Embedder;
  const scratch: string[] = [];

  before(async () => {
    embedder = await mustLoad(FIXTURE_MODELS_DIR, FIXTURE_MODEL, 2);
  });
  after(async () => {
    await embedder?.close();
    await Promise.all(scratch.map((dir) => fs.rm(dir, { recursive: true, force: true })));
  });

  it('reports the model name and the hidden size of the model as its width', async () => {
    expect(embedder.name).to.equal(FIXTURE_MODEL);
    expect(embedder.dims).to.equal(await fixtureHiddenSize());
  });

  it('embeds a batch of Dutch sentences into unit-length vectors, one per sentence', async () => {
    const vectors = await embedder.embed(DUTCH_SENTENCES, { kind: 'passage' });
    expect(vectors).to.have.length(DUTCH_SENTENCES.length);
    for (const vector of vectors) {
      expect(vector).to.be.instanceOf(Float32Array);
      expect(vector).to.have.length(embedder.dims);
      expect(norm(vector)).to.be.closeTo(1, 1e-5);
    }
  });

  it('gives identical text an identical vector and different texts different vectors', async () => {
    const [a, b, c] = await embedder.embed([DUTCH_SENTENCES[0]!, DUTCH_SENTENCES[1]!, DUTCH_SENTENCES[0]!], { kind: 'passage' });
    const [again] = await embedder.embed([DUTCH_SENTENCES[0]!], { kind: 'passage' });
    expect(Array.from(c!)).to.deep.equal(Array.from(a!));
    expect(Array.from(again!)).to.deep.equal(Array.from(a!));
    expect(maxAbsDifference(a!, b!)).to.be.greaterThan(1e-3);
  });

  it('gives the same vectors in batches (with padding) as one text at a time', async () => {
    const batched = await embedder.embed(DUTCH_SENTENCES, { kind: 'passage' });
    const single = await mustLoad(FIXTURE_MODELS_DIR, FIXTURE_MODEL, 1);
    try {
      const oneByOne = await single.embed(DUTCH_SENTENCES, { kind: 'passage' });
      oneByOne.forEach((vector, i) => expect(maxAbsDifference(vector, batched[i]!)).to.be.lessThan(1e-5));
    } finally {
      await single.close();
    }
  });

  it('returns no vectors for no texts', async () => {
    expect(await embedder.embed([], { kind: 'query' })).to.deep.equal([]);
  });

  it('prefixes passages and queries for an e5-named model, and not for a plain one', async () => {
    const e5Name = 'test/multilingual-e5-tiny';
    const dir = await modelsDirWith([e5Name]);
    scratch.push(dir);
    const e5 = await mustLoad(dir, e5Name);
    try {
      const text = [DUTCH_SENTENCES[0]!];
      const [asPassage] = await e5.embed(text, { kind: 'passage' });
      const [asQuery] = await e5.embed(text, { kind: 'query' });
      expect(maxAbsDifference(asPassage!, asQuery!)).to.be.greaterThan(1e-3);

      const [plainPassage] = await embedder.embed(text, { kind: 'passage' });
      const [plainQuery] = await embedder.embed(text, { kind: 'query' });
      expect(Array.from(plainQuery!)).to.deep.equal(Array.from(plainPassage!));
    } finally {
      await e5.close();
    }
  });

  it('feeds the model different token ids for an e5 passage and query', async () => {
    const tokenizer = await AutoTokenizer.from_pretrained(path.join(FIXTURE_MODELS_DIR, FIXTURE_MODEL));
    const e5 = conventionFor('Xenova/multilingual-e5-small');
    const [passage] = prepareTexts([DUTCH_SENTENCES[0]!], 'passage', e5);
    const [query] = prepareTexts([DUTCH_SENTENCES[0]!], 'query', e5);
    const passageIds = tokenizer.encode(passage!);
    const queryIds = tokenizer.encode(query!);
    const plainIds = tokenizer.encode(DUTCH_SENTENCES[0]!);
    expect(passageIds).to.not.deep.equal(queryIds);
    // Both end with the same sentence: only the prefix tokens differ.
    const tail = plainIds.slice(1);
    expect(passageIds.slice(-tail.length)).to.deep.equal(tail);
    expect(queryIds.slice(-tail.length)).to.deep.equal(tail);
  });

  it('returns null with a reason, without any download, when the model folder is absent', async () => {
    const requested: string[] = [];
    const realFetch = env.fetch;
    env.fetch = async (input) => {
      requested.push(String(input));
      throw new Error('network disabled in this test');
    };
    const result = await loadEmbedder({ modelsDir: FIXTURE_MODELS_DIR, modelName: 'Xenova/multilingual-e5-small' })
      .finally(() => { env.fetch = realFetch; });
    expect(requested).to.deep.equal([]);
    expect(result.embedder).to.equal(null);
    expect(result.reason).to.match(/niet geïnstalleerd/).and.include('Xenova/multilingual-e5-small');
  });

  it('returns null with the missing files when the weights are absent', async () => {
    const dir = await modelsDirWith(['owner/no-weights']);
    scratch.push(dir);
    await fs.rm(path.join(dir, 'owner/no-weights/onnx'), { recursive: true });
    const result = await loadEmbedder({ modelsDir: dir, modelName: 'owner/no-weights' });
    expect(result.embedder).to.equal(null);
    expect(result.reason).to.include('onnx/model.onnx');
  });

  it('returns null with the loader error when the weights are corrupt', async () => {
    const dir = await modelsDirWith(['owner/corrupt']);
    scratch.push(dir);
    await fs.writeFile(path.join(dir, 'owner/corrupt/onnx/model.onnx'), 'geen onnx');
    const result = await loadEmbedder({ modelsDir: dir, modelName: 'owner/corrupt' });
    expect(result.embedder).to.equal(null);
    expect(result.reason).to.match(/kon niet laden/);
  });
});
