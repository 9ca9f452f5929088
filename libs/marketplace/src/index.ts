export * from './agreement.port';
export * from './marketplace.module';
export * from './aws/aws-client.options';
export * from './aws/eventbridge-event.schema';
