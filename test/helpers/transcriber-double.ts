import type { Transcriber, TranscriberLoad } from '../../workers/pipelines/asr/transcriber.ts';
import type { TranscriberSource } from '../../workers/transcriber-source.ts';

/**
 * Test double for the speech recogniser (no speech model can be installed on our machines).
 * It goes through the same interface as Whisper and reports what it received, so tests prove
 * the real decoding up to the model boundary.
 */
export class FakeTranscriberSource implements TranscriberSource {
  available = false;
  failWith?: Error;
  received: Float32Array[] = [];

  async load(): Promise<TranscriberLoad> {
    if (!this.available) return { transcriber: null, reason: 'Geen spraakmodel (testdubbel staat uit).' };
    const self = this;
    const transcriber: Transcriber = {
      name: 'test-double/fake-whisper',
      async transcribe(pcm) {
        if (self.failWith) throw self.failWith;
        self.received.push(pcm);
        const seconds = pcm.length / 16_000;
        return { text: `Nagemaakte transcriptie van ${seconds.toFixed(1)} seconden.`, segments: [{ start: 0, end: seconds, text: 'Nagemaakte transcriptie.' }], model: 'test-double/fake-whisper' };
      },
      close: async () => {},
    };
    return { transcriber };
  }

  async close(): Promise<void> {}
}
