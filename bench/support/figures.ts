/** A figure to two decimals, as the benchmarks' JSON lines give them. */
export const round2 = (n: number) => Math.round(n * 100) / 100;

/** The median of a benchmark's runs (the upper one of an even count). */
export const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
