import { parsedBuffers, parseSegmentInput } from './feed-parse.pool';
import { serveThreadRequests } from './thread-pool';

/** A feed-parsing worker thread: parses the segments it is sent; their COPY bytes and item facts move back rather than being copied. */
serveThreadRequests(parseSegmentInput, parsedBuffers);
