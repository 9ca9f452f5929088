/** "Now" for metering decisions: which hours are due, which have aged out of the marketplace's window. */
export interface MeteringClock {
  now(): Promise<Date>;
}

export const METERING_CLOCK = Symbol('METERING_CLOCK');
