export * from './partner-revenue.calculator';
export * from './registration-performance.calculator';
export * from './certification-coverage.calculator';
export * from './partner-tier.advisor';
export * from './trailing-year.calculator';
