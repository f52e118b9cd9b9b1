import { Writable } from 'node:stream';
import type { ClaimedRun, ReportRunStore } from './ReportRunStore';

/** Bytes per stored chunk of a run's file. */
export const RUN_CHUNK_BYTES = 1024 * 1024;

/**
 * A run's file as a Writable: what the export writes is cut into chunks of {@link RUN_CHUNK_BYTES} stored in the
 * database as they fill (each insert is awaited before the next write is accepted: memory holds about one chunk
 * whatever the size of the file). The last, partial chunk is stored on `end()`. Fenced by the run's claim: once a
 * store write fails (the run was taken from this replica: ReportRunLostError, or the database is gone), the stream
 * does not error (a writer waiting for 'drain' would wait forever) but drops what follows and keeps the error in
 * {@link RunFileWriter.failure}, for the run to throw.
 */
export class RunFileWriter extends Writable {
  readonly #store: ReportRunStore;
  readonly #run: ClaimedRun;
  readonly #now: () => number;
  #pending: Buffer[] = [];
  #pendingBytes = 0;
  #seq = 0;
  #bytes = 0;
  #failure?: Error;

  constructor(options: { store: ReportRunStore; run: ClaimedRun; now: () => number }) {
    super({ highWaterMark: RUN_CHUNK_BYTES });
    this.#store = options.store;
    this.#run = options.run;
    this.#now = options.now;
  }

  /** Bytes written to the file so far (stored or about to be). */
  get bytes(): number {
    return this.#bytes;
  }

  /** Why the file could not be stored (what was written since is dropped). */
  get failure(): Error | undefined {
    return this.#failure;
  }

  override _write(chunk: Buffer | string, encoding: BufferEncoding, callback: (error?: Error | null) => void) {
    if (this.#failure) {
      callback();
      return;
    }
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk, encoding);
    this.#pending.push(buffer);
    this.#pendingBytes += buffer.length;
    this.#bytes += buffer.length;
    this.#flush(false).then(() => callback(), this.#failed(callback));
  }

  override _final(callback: (error?: Error | null) => void) {
    if (this.#failure) callback();
    else this.#flush(true).then(() => callback(), this.#failed(callback));
  }

  #failed(callback: () => void) {
    return (error: Error) => {
      this.#failure = error;
      this.#pending = [];
      this.#pendingBytes = 0;
      callback();
    };
  }

  /** Stores every full chunk held (and the rest too when `all`). */
  async #flush(all: boolean) {
    while (this.#pendingBytes >= RUN_CHUNK_BYTES || (all && this.#pendingBytes > 0)) {
      const joined = Buffer.concat(this.#pending);
      const data = joined.subarray(0, RUN_CHUNK_BYTES);
      const rest = joined.subarray(data.length);
      this.#pending = rest.length ? [rest] : [];
      this.#pendingBytes = rest.length;
      const storedBytes = this.#bytes - this.#pendingBytes;
      await this.#store.appendChunk(this.#run, this.#seq, Buffer.from(data), storedBytes, this.#now());
      this.#seq += 1;
    }
  }
}
