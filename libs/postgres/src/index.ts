export * from './pg.pool';
export * from './postgres.module';
