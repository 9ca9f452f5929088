export * from './app-config.schema';
export * from './load-config';
export * from './config.module';
export * from './run-main';
export * from './correlation-context';
export * from './json-logger';
export * from './demo-keys';
export * from './log-redaction';
