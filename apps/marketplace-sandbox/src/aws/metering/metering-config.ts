export interface MeteringConfig {
  /** Age at which a record is refused. The 2026 model says 24; older documentation 6, the stricter default. */
  windowHours: number;
  /** BatchMeterUsage quota per seller (access key) and second. */
  callsPerSecond: number;
  /**
   * Whether ResolveCustomer returns the legacy CustomerIdentifier. AWS leaves
   * it out for new SaaS integrations; false models one.
   */
  resolveCustomerIdentifier: boolean;
}

export const DEFAULT_METERING_CONFIG: MeteringConfig = { windowHours: 6, callsPerSecond: 10, resolveCustomerIdentifier: true };
