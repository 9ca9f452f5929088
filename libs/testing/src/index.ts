export * from './free-port';
export * from './test-config';
export * from './database-cleaner';
export * from './queue-cleaner';
export * from './eventually';
export * from './product-stack';
export * from './app-process';
export * from './credit-ledger.check';
