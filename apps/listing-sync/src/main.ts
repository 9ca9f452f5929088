import 'reflect-metadata';
import { runWorkerApp } from '@bridge/queues';
import { ListingSyncModule } from './listing-sync.module';

runWorkerApp('listing-sync', (config) => ListingSyncModule.forRoot(config));
