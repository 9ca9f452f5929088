import 'reflect-metadata';
import { runWorkerApp } from '@bridge/queues';
import { PrivateOffersModule } from './private-offers.module';

runWorkerApp('private-offers', (config) => PrivateOffersModule.forRoot(config));
