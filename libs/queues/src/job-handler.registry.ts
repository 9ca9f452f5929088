import type { MessageHandler } from '@nestjs/microservices';
import { jobContracts, jobNamesOf, type JobName } from './job-contracts';
import { JOB_HANDLER_OWNER } from './job-handler.decorator';
import type { QueueName } from './queue-names';

export interface DiscoveredHandler {
  name: string;
  owner: string;
  isEvent: boolean;
}

/** Every handler Nest registered on the transport, one entry per method (Nest chains a pattern's event handlers through `next`). */
export function discoveredHandlers(handlers: Map<string, MessageHandler>): DiscoveredHandler[] {
  const found: DiscoveredHandler[] = [];
  for (const [name, first] of handlers) {
    for (let handler: MessageHandler | undefined = first; handler; handler = handler.next) {
      const owner = (handler.extras?.[JOB_HANDLER_OWNER] as string | undefined) ?? `a handler of "${name}"`;
      found.push({ name, owner, isEvent: handler.isEventHandler === true });
    }
  }
  return found;
}

/**
 * The start-up check: every job of the consumed queues has exactly one
 * handler, every handler is an event handler (a job has nobody to reply to),
 * and no handler waits for a job that does not exist or belongs to a queue
 * this process does not consume. A mistake here stops the app from starting
 * instead of leaving jobs to pile up unprocessed.
 */
export function checkHandlers(queues: QueueName[], discovered: DiscoveredHandler[]): void {
  const problems: string[] = [];
  for (const { name, owner, isEvent } of discovered) {
    if (!(name in jobContracts)) problems.push(`${owner} handles unknown job "${name}"`);
    else if (!queues.includes(jobContracts[name as JobName].queue))
      problems.push(`${owner} handles "${name}" of queue "${jobContracts[name as JobName].queue}", which this app does not consume`);
    else if (!isEvent) problems.push(`${owner} answers "${name}" as a message: jobs are events (@OnJob), nobody waits for a reply`);
  }
  for (const queue of queues) {
    for (const name of jobNamesOf(queue)) {
      const handlers = discovered.filter((d) => d.name === name);
      if (handlers.length === 0) problems.push(`job "${name}" of queue "${queue}" has no handler`);
      else if (handlers.length > 1)
        problems.push(`job "${name}" has ${handlers.length} handlers: ${handlers.map((h) => h.owner).join(', ')}`);
    }
  }
  if (problems.length) throw new Error(`Job handlers are miswired:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
}
