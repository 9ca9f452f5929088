export * from './currency.catalog';
export * from './rounding.mode';
export * from './money.model';
export * from './decimal.parser';
export * from './minor.formatter';
export * from './price.multiplier';
export * from './bps.allocator';
export * from './positive-amount.rule';
