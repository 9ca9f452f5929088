/** A line of a feed that cannot be imported, with where (1-based line, column name) and why. */
export class FeedLineError extends Error {
  constructor(
    readonly line: number,
    readonly column: string,
    readonly reason: string,
  ) {
    super(`line ${line}, column ${column}: ${reason}`);
    this.name = 'FeedLineError';
  }
}
