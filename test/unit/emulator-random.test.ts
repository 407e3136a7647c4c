import { describe, expect, it } from 'vitest';
import { randomChunk } from '../../emulator/random.ts';

describe('randomChunk (pooled CSPRNG bytes for session ids, SECRET_BLOCKs, SRP exponents)', () => {
  it('gives the size asked for, every chunk different, across several pool refills', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 500; i++) {
      const chunk = randomChunk(96);
      expect(chunk.length).toBe(96);
      seen.add(chunk.toString('hex'));
    }
    expect(seen.size).toBe(500);
    expect(randomChunk(5000).length).toBe(5000);
  });

  it('never overwrites a chunk handed out: the pool is replaced, not refilled', () => {
    const kept = randomChunk(64);
    const snapshot = Buffer.from(kept);
    for (let i = 0; i < 200; i++) randomChunk(64);
    expect(kept.equals(snapshot)).toBe(true);
  });
});
