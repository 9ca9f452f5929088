import { itemLines } from './item-lines.reconciler';
import { serveThreadRequests } from './thread-pool';

/** An item-reconciling worker thread: batches of items in, their reconciliation_item rows out (moved, not copied). */
serveThreadRequests(itemLines, (lines) => [lines.bytes.buffer as ArrayBuffer]);
