import { randomUUID } from 'node:crypto';
import { Controller, Module, type INestMicroservice } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { Queue, QueueEvents, UnrecoverableError } from 'bullmq';
import { ConfigModule } from '@bridge/config';
import { deleteQueueKeys, eventually, testConfig } from '@bridge/testing';
import { OnJob } from '../job-handler.decorator';
import { InvalidJobPayloadError, JobProducer } from '../job-producer.service';
import { jobNamesOf, type JobData } from '../job-contracts';
import { QueueName } from '../queue-names';
import { QueuesModule, QueueWorkersModule } from '../queues.module';
import { redisOptionsFromUrl } from '../redis-connection.options';
import { bootstrapWorker } from '../worker-context.bootstrap';
import type { JobContext } from './bullmq.context';

@Controller()
class RecordingProcessor {
  readonly seen: { eventId: string; attempt: number }[] = [];
  failFirstAttempts = 0;
  unrecoverable = false;

  @OnJob('marketplace-event.received')
  async received(@Payload() data: JobData<'marketplace-event.received'>, @Ctx() context: JobContext) {
    this.seen.push({ eventId: data.eventId, attempt: context.attempt });
    if (this.unrecoverable) throw new UnrecoverableError('this event can never be applied');
    if (context.attempt <= this.failFirstAttempts) throw new Error('marketplace briefly unavailable');
  }

  @OnJob('marketplace-event.sweep')
  async sweep() {}
}

/** No-op handlers for the queue's other jobs, so the start-up check passes. */
@Controller()
class OtherAttributionJobs {}
for (const name of jobNamesOf(QueueName.Attribution).filter((n) => n !== 'marketplace-event.received' && n !== 'marketplace-event.sweep')) {
  const key = name.replace(/\W/g, '_');
  Object.defineProperty(OtherAttributionJobs.prototype, key, { value: async () => undefined, configurable: true });
  OnJob(name)(OtherAttributionJobs.prototype, key, Object.getOwnPropertyDescriptor(OtherAttributionJobs.prototype, key)!);
}

describe('the BullMQ transport on real Redis', () => {
  let app: INestMicroservice;
  let processor: RecordingProcessor;
  let producer: JobProducer;
  let rawQueue: Queue;
  let events: QueueEvents;
  let config: Awaited<ReturnType<typeof testConfig>>;

  beforeAll(async () => {
    config = await testConfig({ SCHEDULE_CHECK_INTERVAL_MS: '200' });
    @Module({
      imports: [
        ConfigModule.forRoot(config),
        QueuesModule,
        QueueWorkersModule.forQueues([{ queue: QueueName.Attribution, concurrency: 4 }]),
      ],
      controllers: [RecordingProcessor, OtherAttributionJobs],
    })
    class TestModule {}
    app = await bootstrapWorker({ module: TestModule }, { ...config, LOG_LEVEL: 'error' });
    processor = app.get(RecordingProcessor);
    producer = app.get(JobProducer);
    rawQueue = new Queue(QueueName.Attribution, { prefix: config.QUEUE_PREFIX, connection: redisOptionsFromUrl(config.REDIS_URL) });
    events = new QueueEvents(QueueName.Attribution, { prefix: config.QUEUE_PREFIX, connection: redisOptionsFromUrl(config.REDIS_URL) });
    await events.waitUntilReady();
  });

  afterAll(async () => {
    await app.close();
    await rawQueue.close();
    await events.close();
    await deleteQueueKeys(config.REDIS_URL, config.QUEUE_PREFIX);
  });

  beforeEach(() => {
    processor.seen.length = 0;
    processor.failFirstAttempts = 0;
    processor.unrecoverable = false;
  });

  it('refuses to start a worker whose handlers do not cover its queues, naming the job', async () => {
    @Module({
      imports: [
        ConfigModule.forRoot(config),
        QueuesModule,
        QueueWorkersModule.forQueues([{ queue: QueueName.Attribution, concurrency: 1 }]),
      ],
      controllers: [RecordingProcessor],
    })
    class MiswiredModule {}
    await expect(bootstrapWorker({ module: MiswiredModule }, { ...config, LOG_LEVEL: 'error' })).rejects.toThrow(/has no handler/);
  });

  it('fails at once, without retrying, a job whose handler throws UnrecoverableError (the RPC filters leave it as it is)', async () => {
    processor.unrecoverable = true;
    const eventId = randomUUID();
    await producer.enqueue('marketplace-event.received', { eventId });
    const job = await rawQueue.getJob(`marketplace-event-${eventId}`);
    await expect(job!.waitUntilFinished(events, 5000)).rejects.toThrow(/can never be applied/);
    expect((await rawQueue.getJob(`marketplace-event-${eventId}`))?.attemptsMade).toBe(1);
    expect(processor.seen).toEqual([{ eventId, attempt: 1 }]);
  });

  it('declares again a repeating job Redis lost (a restart without persistence), and leaves alone one it still holds', async () => {
    await producer.schedule('sweep-kept', 'marketplace-event.sweep', { every: 3_600_000 }, { olderThanMs: 1000 });
    const declared = await rawQueue.getJobScheduler('sweep-kept');
    expect(declared?.every).toBe(3_600_000);

    await rawQueue.removeJobScheduler('sweep-kept');
    expect(await rawQueue.getJobScheduler('sweep-kept')).toBeUndefined();
    await eventually(async () => expect((await rawQueue.getJobScheduler('sweep-kept'))?.every).toBe(3_600_000));

    // Checks that find it in place change nothing: its next run stays where it was.
    const next = (await rawQueue.getJobScheduler('sweep-kept'))?.next;
    expect(await producer.redeclareLostSchedules()).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect((await rawQueue.getJobScheduler('sweep-kept'))?.next).toBe(next);

    await producer.unschedule('sweep-kept');
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(await rawQueue.getJobScheduler('sweep-kept')).toBeUndefined();
  });

  it('hands the validated payload to the one bound method', async () => {
    const eventId = randomUUID();
    await producer.enqueue('marketplace-event.received', { eventId });
    await eventually(async () => expect(processor.seen).toEqual([{ eventId, attempt: 1 }]));
  });

  it('drops a repeat of the same business key while the first job exists (deterministic job id)', async () => {
    const eventId = randomUUID();
    await producer.enqueueMany('marketplace-event.received', [{ eventId }, { eventId }]);
    await producer.enqueue('marketplace-event.received', { eventId });
    await eventually(async () => expect(processor.seen).toHaveLength(1));
    // Once nothing is left waiting or running, no repeat can still be processed.
    await eventually(async () =>
      expect(await rawQueue.getJobCounts('waiting', 'active', 'delayed', 'prioritized')).toEqual({
        waiting: 0,
        active: 0,
        delayed: 0,
        prioritized: 0,
      }),
    );
    expect(processor.seen).toHaveLength(1);
    expect(await rawQueue.getJob(`marketplace-event-${eventId}`)).toBeDefined();
  });

  it('refuses an invalid payload at the producer, before it reaches Redis', async () => {
    await expect(producer.enqueue('marketplace-event.received', { eventId: 'not-a-uuid' })).rejects.toThrow(InvalidJobPayloadError);
    expect(await rawQueue.getJobCounts('waiting', 'delayed')).toEqual({ waiting: 0, delayed: 0 });
  });

  it('fails a job whose payload cannot be valid at once, without retrying it', async () => {
    const job = await rawQueue.add('marketplace-event.received', { eventId: 42 }, { attempts: 5, jobId: 'bad-payload' });
    await expect(job.waitUntilFinished(events, 5000)).rejects.toThrow(/invalid payload/);
    const failed = await rawQueue.getJob('bad-payload');
    expect(failed?.attemptsMade).toBe(1);
    expect(processor.seen).toHaveLength(0);
  });

  it('retries a handler that throws, with backoff, until it succeeds', async () => {
    processor.failFirstAttempts = 2;
    const eventId = randomUUID();
    await producer.enqueue('marketplace-event.received', { eventId });
    await eventually(async () => expect(processor.seen.map((s) => s.attempt)).toEqual([1, 2, 3]), { timeoutMs: 15_000 });
  });
  it('lets a sweep deliver again a job that failed past its retries, where a plain enqueue is dropped by the kept failed job', async () => {
    processor.failFirstAttempts = 2;
    const eventId = randomUUID();
    const jobId = `marketplace-event-${eventId}`;
    // The contract's own retries take an hour; two quick attempts exhaust them the same way.
    const job = await rawQueue.add(
      'marketplace-event.received',
      { eventId },
      { jobId, attempts: 2, backoff: { type: 'fixed', delay: 10 }, removeOnFail: { age: 3600 } },
    );
    await expect(job.waitUntilFinished(events, 10_000)).rejects.toThrow(/briefly unavailable/);
    expect(await rawQueue.getJobState(jobId)).toBe('failed');

    processor.failFirstAttempts = 0;
    await producer.enqueue('marketplace-event.received', { eventId });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(processor.seen.map((s) => s.attempt)).toEqual([1, 2]);

    await producer.requeueMany('marketplace-event.received', [{ eventId }]);
    await eventually(async () => expect(processor.seen.map((s) => s.attempt)).toEqual([1, 2, 1]));
    await eventually(async () => expect(await rawQueue.getJobState(jobId)).toBe('completed'));
  });

  it('leaves a job that is still waiting its turn alone when a sweep queues the same work', async () => {
    const eventId = randomUUID();
    await producer.enqueue('marketplace-event.received', { eventId }, { delayMs: 60_000 });
    await producer.requeueMany('marketplace-event.received', [{ eventId }]);
    expect(await rawQueue.getJobState(`marketplace-event-${eventId}`)).toBe('delayed');
    expect(await rawQueue.getJobCounts('waiting', 'delayed')).toMatchObject({ waiting: 0, delayed: 1 });
    await rawQueue.remove(`marketplace-event-${eventId}`);
  });
});
