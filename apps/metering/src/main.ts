import 'reflect-metadata';
import { runWorkerApp } from '@bridge/queues';
import { MeteringModule } from './metering.module';

runWorkerApp('metering', (config) => MeteringModule.forRoot(config));
