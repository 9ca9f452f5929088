import { Global, Module, type DynamicModule } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@bridge/config';
import { JobProducer, JOBS_CLIENT } from './job-producer.service';
import { RedisHealth } from './redis.health';
import { BullMqClient } from './transport/bullmq.client';
import type { RepeatingJob } from './repeating-job';
import { REPEATING_JOBS, RepeatingJobsDeclarer } from './repeating-jobs.declarer';
import type { ConsumedQueue } from './transport/bullmq.server';

/** Producers' side: the BullMQ transport's client and its typed face, for every app. */
@Global()
@Module({
  providers: [
    { provide: JOBS_CLIENT, useFactory: (config: AppConfig) => new BullMqClient(config), inject: [APP_CONFIG] },
    JobProducer,
    RedisHealth,
  ],
  exports: [JobProducer, RedisHealth],
})
export class QueuesModule {}

export const CONSUMED_QUEUES = Symbol('CONSUMED_QUEUES');

/**
 * Imported by a worker app's module to say which queues it consumes (and how
 * many jobs of each at once), and which jobs repeat on their own (its sweeps
 * and ticks). The app runs as a Nest microservice whose BullMQ transport
 * reads the queues when it starts (`bootstrapWorker`).
 */
@Module({})
export class QueueWorkersModule {
  static forQueues(consumed: ConsumedQueue[], repeatingJobs: RepeatingJob[] = []): DynamicModule {
    return {
      module: QueueWorkersModule,
      providers: [
        { provide: CONSUMED_QUEUES, useValue: consumed },
        { provide: REPEATING_JOBS, useValue: repeatingJobs },
        RepeatingJobsDeclarer,
      ],
      exports: [CONSUMED_QUEUES],
    };
  }
}
