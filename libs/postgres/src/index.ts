export * from './pg.pool';
export * from './postgres.module';
export * from './read-types';
