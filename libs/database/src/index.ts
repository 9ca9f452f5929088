export * from './database.module';
export * from './prisma.service';
export * from './unique-violation';
export { Prisma } from './generated/prisma/client';
export type * from './generated/prisma/client';
export * from './inbox/marketplace-event-inbox.repository';
