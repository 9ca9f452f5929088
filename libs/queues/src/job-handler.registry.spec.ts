import { jobNamesOf } from './job-contracts';
import { buildHandlerRegistry, type DiscoveredHandler } from './job-handler.registry';
import { QueueName } from './queue-names';

const handler = (name: string, owner = 'Processor.method'): DiscoveredHandler => ({ name, owner, handler: async () => undefined });

describe('the start-up check of job handlers', () => {
  const attributionJobs = jobNamesOf(QueueName.Attribution);
  const complete = attributionJobs.map((name) => handler(name, name === 'marketplace-event.sweep' ? 'A.sweep' : `A.${name}`));

  it('accepts exactly one handler per job of the consumed queues', () => {
    const registry = buildHandlerRegistry([QueueName.Attribution], complete);
    expect([...registry.keys()].sort()).toEqual([...attributionJobs].sort());
    expect(attributionJobs).toContain('marketplace-event.received');
  });

  it('refuses to start when a job of a consumed queue has no handler', () => {
    const withoutSweep = complete.filter((h) => h.name !== 'marketplace-event.sweep');
    expect(() => buildHandlerRegistry([QueueName.Attribution], withoutSweep)).toThrow(
      /job "marketplace-event.sweep" of queue "attribution" has no handler/,
    );
  });

  it('refuses to start when a job has two handlers, naming both', () => {
    expect(() => buildHandlerRegistry([QueueName.Attribution], [...complete, handler('marketplace-event.sweep', 'B.sweep')])).toThrow(
      /"marketplace-event.sweep" has 2 handlers: A.sweep, B.sweep/,
    );
  });

  it('refuses a handler for a job that does not exist or for a queue the app does not consume', () => {
    expect(() => buildHandlerRegistry([QueueName.Attribution], [...complete, handler('marketplace-event.typo', 'C.typo')])).toThrow(
      /C.typo handles unknown job/,
    );
    expect(() => buildHandlerRegistry([QueueName.Metering], complete)).toThrow(/which this app does not consume/);
  });
});
