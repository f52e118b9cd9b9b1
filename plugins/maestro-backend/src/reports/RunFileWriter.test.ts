import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import { ReportRunLostError, ReportRunStore } from './ReportRunStore';
import { RUN_CHUNK_BYTES, RunFileWriter } from './RunFileWriter';

const run = { id: 'run-1', claim: 'replica-a/1' } as any;

/** A store that keeps the chunks appended (or refuses from the `failAt`-th on, as for a run taken away). */
function chunkStore(failAt = Infinity) {
  const chunks: Array<{ seq: number; data: Buffer; bytes: number }> = [];
  const store = {
    appendChunk: jest.fn(async (_run: unknown, seq: number, data: Buffer, bytes: number) => {
      if (chunks.length >= failAt) throw new ReportRunLostError('run-1');
      chunks.push({ seq, data, bytes });
    }),
  };
  return { store: store as unknown as ReportRunStore, chunks, appendChunk: store.appendChunk };
}

async function writeAll(out: RunFileWriter, parts: Buffer[]) {
  for (const part of parts) if (!out.write(part)) await once(out, 'drain');
  out.end();
  await finished(out);
}

describe('RunFileWriter', () => {
  it('stores what is written in 1 MiB chunks, in order, the last one partial, with the size so far', async () => {
    const { store, chunks } = chunkStore();
    const out = new RunFileWriter({ store, run, now: () => 0 });
    // 2.5 MiB in uneven writes, every byte telling its position
    const total = Math.floor(2.5 * RUN_CHUNK_BYTES);
    const file = Buffer.alloc(total);
    for (let i = 0; i < total; i += 1) file[i] = i % 251;
    const parts: Buffer[] = [];
    for (let at = 0; at < total; at += 300_007) parts.push(file.subarray(at, Math.min(total, at + 300_007)));
    await writeAll(out, parts);
    expect(chunks.map(c => [c.seq, c.data.length, c.bytes])).toEqual([
      [0, RUN_CHUNK_BYTES, RUN_CHUNK_BYTES],
      [1, RUN_CHUNK_BYTES, 2 * RUN_CHUNK_BYTES],
      [2, total - 2 * RUN_CHUNK_BYTES, total],
    ]);
    expect(Buffer.concat(chunks.map(c => c.data)).equals(file)).toBe(true);
    expect(out.bytes).toBe(total);
    expect(out.failure).toBeUndefined();
  });

  it('writes nothing for an empty file', async () => {
    const { store, appendChunk } = chunkStore();
    const out = new RunFileWriter({ store, run, now: () => 0 });
    await writeAll(out, []);
    expect(appendChunk).not.toHaveBeenCalled();
  });

  it('keeps the error of a refused chunk and drops what follows, without erroring or stalling the writer', async () => {
    const { store, chunks, appendChunk } = chunkStore(1);
    const out = new RunFileWriter({ store, run, now: () => 0 });
    const errors: Error[] = [];
    out.on('error', error => errors.push(error));
    await writeAll(
      out,
      Array.from({ length: 5 }, () => Buffer.alloc(RUN_CHUNK_BYTES, 1)),
    );
    expect(chunks).toHaveLength(1);
    expect(appendChunk).toHaveBeenCalledTimes(2);
    expect(out.failure).toBeInstanceOf(ReportRunLostError);
    expect(errors).toEqual([]);
  });
});
