/**
 * Format-detecting capture reader: picks pcap or pcapng from the first four bytes, and adapters that drive it
 * from a Node readable stream or a file.
 */
import { open } from 'node:fs/promises';
import { createPcapReader, isPcapMagic } from './pcap-reader.ts';
import { createPcapngReader, PcapngBlock } from './pcapng-reader.ts';
import { CaptureFormatError, type CaptureReader, type PacketSink, type ReaderSummary } from './types.ts';

const MAGIC_LEN = 4;
/** Read size for files: 1 MiB keeps the per-chunk cost (and straddling copies) negligible, and the two buffers small. */
const FILE_CHUNK = 1024 * 1024;

/**
 * Creates a push reader that detects the format from the first four bytes.
 * `push()` throws `CaptureFormatError('NOT_A_CAPTURE')` when the magic number is unknown; `end()` throws
 * `CaptureFormatError('EMPTY')` when no byte came at all.
 */
export function createCaptureReader(sink: PacketSink): CaptureReader {
  let inner: CaptureReader | null = null;
  // Holds the first bytes only until four have arrived (chunks may be as small as one byte).
  let head: Buffer = Buffer.alloc(0);

  const detect = (first: Buffer): CaptureReader => {
    if (isPcapMagic(first)) return createPcapReader(sink);
    if (first.readUInt32LE(0) === PcapngBlock.SHB) return createPcapngReader(sink);
    throw new CaptureFormatError('NOT_A_CAPTURE', `unknown capture magic 0x${first.toString('hex', 0, MAGIC_LEN)}`);
  };

  return {
    push(chunk: Buffer): void {
      if (inner) {
        inner.push(chunk);
        return;
      }
      if (head.length === 0 && chunk.length >= MAGIC_LEN) {
        inner = detect(chunk);
        inner.push(chunk);
        return;
      }
      // Copied rather than referenced: the caller may reuse its chunk buffer after push() returns.
      head = Buffer.concat([head, chunk]);
      if (head.length < MAGIC_LEN) return;
      inner = detect(head);
      const first = head;
      head = Buffer.alloc(0);
      inner.push(first);
    },
    end(): ReaderSummary {
      if (inner) return inner.end();
      if (head.length === 0) throw new CaptureFormatError('EMPTY', 'capture input is empty');
      throw new CaptureFormatError('NOT_A_CAPTURE', `capture input is only ${head.length} byte(s) long`);
    },
  };
}

/**
 * Reads a whole capture from a readable stream (a file, or `tcpdump -w - -U` stdout) into `sink`.
 * `onProgress` receives the running count of bytes read. Rejects with `CaptureFormatError` when the input is
 * not a capture, and with the stream's own error when reading fails.
 */
export async function readCaptureStream(
  stream: NodeJS.ReadableStream,
  sink: PacketSink,
  onProgress?: (bytes: number) => void,
): Promise<ReaderSummary> {
  const reader = createCaptureReader(sink);
  let read = 0;
  // for-await destroys the stream if push() throws, so a rejected read leaves no open file behind.
  for await (const chunk of stream as AsyncIterable<Buffer | string>) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk, 'latin1') : chunk;
    read += buf.length;
    reader.push(buf);
    onProgress?.(read);
  }
  return reader.end();
}

/**
 * Reads a capture file (pcap or pcapng) into `sink`. Two reusable buffers alternate: the next chunk is read
 * while the current one is decoded, and no buffer is allocated per chunk (the readers keep no reference to a
 * pushed chunk after `push` returns). Rejects like {@link readCaptureStream}.
 */
export async function readCaptureFile(
  path: string,
  sink: PacketSink,
  onProgress?: (bytes: number) => void,
): Promise<ReaderSummary> {
  const file = await open(path, 'r');
  try {
    const reader = createCaptureReader(sink);
    const buffers = [Buffer.allocUnsafe(FILE_CHUNK), Buffer.allocUnsafe(FILE_CHUNK)];
    let current = 0;
    let read = 0;
    let pending = file.read(buffers[0], 0, FILE_CHUNK, null);
    for (;;) {
      const { bytesRead } = await pending;
      if (bytesRead === 0) break;
      const chunk = buffers[current];
      current ^= 1;
      pending = file.read(buffers[current], 0, FILE_CHUNK, null);
      read += bytesRead;
      try {
        reader.push(chunk.subarray(0, bytesRead));
      } catch (err) {
        await pending.catch(() => undefined);
        throw err;
      }
      onProgress?.(read);
    }
    return reader.end();
  } finally {
    await file.close();
  }
}
