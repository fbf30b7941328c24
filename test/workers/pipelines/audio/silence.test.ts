import { expect } from 'chai';
import { isSilent } from '../../../../workers/pipelines/audio/silence.ts';

const RATE = 16_000;
const tone = (seconds: number, amplitude: number) =>
  Float32Array.from({ length: seconds * RATE }, (_, i) => amplitude * Math.sin((2 * Math.PI * 220 * i) / RATE));

describe('workers/pipelines/audio/silence: isSilent', () => {
  it('digital silence is silent', () => {
    expect(isSilent(new Float32Array(RATE * 2))).to.equal(true);
  });

  it('a faint hiss far below speech level (-60 dBFS) is silent', () => {
    const hiss = Float32Array.from({ length: RATE * 2 }, (_, i) => (((i * 7919) % 200) / 100 - 1) * 0.001);
    expect(isSilent(hiss)).to.equal(true);
  });

  it('quiet speech-level sound (-30 dBFS) is not silent', () => {
    expect(isSilent(tone(2, 10 ** (-30 / 20) * Math.SQRT2))).to.equal(false);
  });

  it('one short word in a long silence is enough', () => {
    const pcm = new Float32Array(RATE * 10);
    pcm.set(tone(0.3, 0.2), RATE * 5);
    expect(isSilent(pcm)).to.equal(false);
  });

  it('an empty recording is silent', () => {
    expect(isSilent(new Float32Array(0))).to.equal(true);
  });
});
