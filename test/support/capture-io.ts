// A command's stdout and stderr, kept for the test to read.
import { Writable } from 'node:stream';

/** A sink that keeps what is written to it, at once (no stream tick to wait for). */
function keeper(chunks: string[]): Writable {
  return new Writable({
    decodeStrings: false,
    write(chunk: string | Buffer, _encoding, done) {
      chunks.push(String(chunk));
      done();
    },
  });
}

/**
 * `io` fits every command's io (the raffle's `{ write }` and the Node streams of
 * `paddock user`, `paddock campaign`, `paddock summarize`); `stdout()` and `stderr()`
 * are what was written so far.
 */
export function captureIo() {
  const out: string[] = [];
  const err: string[] = [];
  return {
    io: { stdout: keeper(out), stderr: keeper(err) },
    stdout: () => out.join(''),
    stderr: () => err.join(''),
  };
}
