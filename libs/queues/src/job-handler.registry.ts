import type { JobContext } from './job-handler.decorator';
import { jobContracts, jobNamesOf, type JobName } from './job-contracts';
import type { QueueName } from './queue-names';

export type BoundJobHandler = (data: unknown, context: JobContext) => Promise<unknown>;

export interface DiscoveredHandler {
  name: string;
  owner: string;
  handler: BoundJobHandler;
}

/**
 * The start-up check: every job of the consumed queues has exactly one
 * handler, and no handler waits for a job that does not exist or belongs to
 * a queue this process does not consume. A mistake here stops the app from
 * starting instead of leaving jobs to pile up unprocessed.
 */
export function buildHandlerRegistry(queues: QueueName[], discovered: DiscoveredHandler[]): Map<JobName, BoundJobHandler> {
  const problems: string[] = [];
  const registry = new Map<JobName, BoundJobHandler>();
  for (const { name, owner } of discovered) {
    if (!(name in jobContracts)) problems.push(`${owner} handles unknown job "${name}"`);
    else if (!queues.includes(jobContracts[name as JobName].queue))
      problems.push(`${owner} handles "${name}" of queue "${jobContracts[name as JobName].queue}", which this app does not consume`);
  }
  for (const queue of queues) {
    for (const name of jobNamesOf(queue)) {
      const handlers = discovered.filter((d) => d.name === name);
      if (handlers.length === 0) problems.push(`job "${name}" of queue "${queue}" has no handler`);
      else if (handlers.length > 1)
        problems.push(`job "${name}" has ${handlers.length} handlers: ${handlers.map((h) => h.owner).join(', ')}`);
      else registry.set(name, handlers[0].handler);
    }
  }
  if (problems.length) throw new Error(`Job handlers are miswired:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  return registry;
}
