import { reconcileBatch } from './item-batch';
import { serveThreadRequests } from './thread-pool';

/** An item-reconciling worker thread: batches of items in, their reconciliation_item rows out (moved, not copied). */
serveThreadRequests(reconcileBatch, (lines) => [lines.bytes.buffer as ArrayBuffer]);
