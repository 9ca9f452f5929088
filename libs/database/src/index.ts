export * from './database.module';
export * from './prisma.service';
export * from './unique-violation';
export { Prisma } from './generated/prisma/client';
export type * from './generated/prisma/client';
export * from './inbox/marketplace-event-inbox.repository';
export * from './attribution/engagement-rules.repository';
export * from './attribution/deal-registration.repository';
export * from './attribution/attribution-conflict.repository';
