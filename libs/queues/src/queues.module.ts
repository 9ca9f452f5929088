import { Global, Module, type DynamicModule } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { JobProducer } from './job-producer.service';
import { CONSUMED_QUEUES, JobWorkerHost, type ConsumedQueue } from './job-worker.host';
import { RedisHealth } from './redis.health';

@Global()
@Module({ providers: [JobProducer, RedisHealth], exports: [JobProducer, RedisHealth] })
export class QueuesModule {}

/** Imported by an app that consumes queues: starts one worker per queue. */
@Module({})
export class QueueWorkersModule {
  static forQueues(consumed: ConsumedQueue[]): DynamicModule {
    return {
      module: QueueWorkersModule,
      imports: [DiscoveryModule],
      providers: [{ provide: CONSUMED_QUEUES, useValue: consumed }, JobWorkerHost],
    };
  }
}
