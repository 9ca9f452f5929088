/**
 * Runs `work` with the process's time zone set to `zone` (Node reads `TZ`
 * again whenever it changes), then puts the previous zone back, even when
 * `work` throws. For checks that a value does not depend on where the
 * process runs; the zone is process-wide, so nothing else should run
 * meanwhile.
 */
export async function withProcessTimeZone<T>(zone: string, work: () => Promise<T>): Promise<T> {
  const previous = process.env.TZ;
  process.env.TZ = zone;
  try {
    return await work();
  } finally {
    if (previous === undefined) delete process.env.TZ;
    else process.env.TZ = previous;
  }
}
