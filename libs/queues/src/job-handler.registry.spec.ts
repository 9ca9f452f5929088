import { jobNamesOf } from './job-contracts';
import { checkHandlers, type DiscoveredHandler } from './job-handler.registry';
import { QueueName } from './queue-names';

const handler = (name: string, owner = 'Processor.method'): DiscoveredHandler => ({ name, owner, isEvent: true });

describe('the start-up check of job handlers', () => {
  const attributionJobs = jobNamesOf(QueueName.Attribution);
  const complete = attributionJobs.map((name) => handler(name, name === 'marketplace-event.sweep' ? 'A.sweep' : `A.${name}`));

  it('accepts exactly one handler per job of the consumed queues', () => {
    expect(() => checkHandlers([QueueName.Attribution], complete)).not.toThrow();
    expect(attributionJobs).toContain('marketplace-event.received');
  });

  it('refuses to start when a job of a consumed queue has no handler', () => {
    const withoutSweep = complete.filter((h) => h.name !== 'marketplace-event.sweep');
    expect(() => checkHandlers([QueueName.Attribution], withoutSweep)).toThrow(
      /job "marketplace-event.sweep" of queue "attribution" has no handler/,
    );
  });

  it('refuses to start when a job has two handlers, naming both', () => {
    expect(() => checkHandlers([QueueName.Attribution], [...complete, handler('marketplace-event.sweep', 'B.sweep')])).toThrow(
      /"marketplace-event.sweep" has 2 handlers: A.sweep, B.sweep/,
    );
  });

  it('refuses a handler that answers a job as a message: nobody waits for a reply', () => {
    const asMessage = complete.map((h) => (h.name === 'marketplace-event.sweep' ? { ...h, isEvent: false } : h));
    expect(() => checkHandlers([QueueName.Attribution], asMessage)).toThrow(/A.sweep answers "marketplace-event.sweep" as a message/);
  });

  it('refuses a handler for a job that does not exist or for a queue the app does not consume', () => {
    expect(() => checkHandlers([QueueName.Attribution], [...complete, handler('marketplace-event.typo', 'C.typo')])).toThrow(
      /C.typo handles unknown job/,
    );
    expect(() => checkHandlers([QueueName.Metering], complete)).toThrow(/which this app does not consume/);
  });
});
