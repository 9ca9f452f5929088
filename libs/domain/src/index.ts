// The pure rules of the product: no framework, no I/O, no clock. Every
// function takes the time it needs as an argument, so a decision can be
// replayed later and give the same answer.
export * from './money';
export * from './attribution';
export * from './engagement';
export * from './fees';
export * from './commitments';
export * from './reconciliation';
export * from './health';
export * from './usage';
export * from './offers';
export * from './azure';
export * from './mdf';
export * from './customer-success';
