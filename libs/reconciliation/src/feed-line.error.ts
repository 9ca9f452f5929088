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

/** A file refused as a whole: the first problem found, already worded with its line and column. */
export class FeedRefused extends Error {
  constructor(
    message: string,
    readonly line: number | null,
    readonly column: string | null,
  ) {
    super(message);
    this.name = 'FeedRefused';
  }
}
