export * from './operation-acknowledgement.rule';
