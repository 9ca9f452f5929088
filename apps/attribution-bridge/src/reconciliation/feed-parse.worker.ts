import { parseSegmentToBytes } from './feed-parse.pool';
import { serveThreadRequests } from './thread-pool';

/** A feed-parsing worker thread: parses the segments it is sent; their COPY bytes move back rather than being copied. */
serveThreadRequests(parseSegmentToBytes, (parsed) => [parsed.bytes.buffer as ArrayBuffer]);
