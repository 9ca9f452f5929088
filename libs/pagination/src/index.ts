export * from './cursor.codec';
export * from './keyset.where';
export * from './page.builder';
export * from './page-query.schema';
export * from './keyset.sql';
export * from './find-page';
