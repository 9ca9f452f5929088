import { parentPort, workerData } from 'node:worker_threads';
import { parseSegment, type SegmentContext } from './feed-segment.parser';
import type { SegmentRequest, SegmentReply } from './feed-parse.pool';

/**
 * A feed-parsing worker thread: parses the segments it is sent and answers
 * with their COPY text as bytes, transferred rather than copied back.
 */
const context = workerData as SegmentContext;
const encoder = new TextEncoder();
const port = parentPort;

port?.on('message', ({ id, bytes, startLine }: SegmentRequest) => {
  let reply: SegmentReply;
  try {
    const { copy, ...result } = parseSegment(bytes, startLine, context);
    const encoded = encoder.encode(copy);
    reply = { id, result: { ...result, bytes: encoded } };
    port.postMessage(reply, [encoded.buffer as ArrayBuffer]);
  } catch (error) {
    reply = { id, failure: error instanceof Error ? (error.stack ?? error.message) : String(error) };
    port.postMessage(reply);
  }
});
