/**
 * Float32 vectors as bytea: little-endian float32, four bytes per value, copied as they lie in
 * memory (every platform Node supports for us is little-endian; checked once here). Both
 * drivers hand bytea back as a Uint8Array at any byte offset, so reading copies into an
 * aligned array.
 */
if (new Uint8Array(new Uint32Array([1]).buffer)[0] !== 1) throw new Error('vector storage assumes a little-endian machine');

export function vectorToBytes(vector: Float32Array): Buffer {
  return Buffer.from(new Uint8Array(vector.buffer, vector.byteOffset, vector.byteLength));
}

export function bytesToVector(bytes: Uint8Array): Float32Array {
  if (bytes.byteLength % 4 !== 0) throw new Error(`a float32 vector needs a multiple of 4 bytes, got ${bytes.byteLength}`);
  const out = new Float32Array(bytes.byteLength / 4);
  new Uint8Array(out.buffer).set(bytes);
  return out;
}
