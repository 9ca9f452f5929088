import 'reflect-metadata';
import { runWorkerApp } from '@bridge/queues';
import { AttributionBridgeModule } from './attribution-bridge.module';

runWorkerApp('attribution-bridge', (config) => AttributionBridgeModule.forRoot(config));
