/** Numbers the distinct strings it is given, from 0, so that columns can hold small numbers instead of strings. */
export class Interner {
  private readonly values: string[] = [];
  private readonly numbers = new Map<string, number>();

  /** `max` is the most distinct values the column that holds the numbers can take; `what` names them in the error past it. */
  constructor(
    private readonly max: number,
    private readonly what: string,
  ) {}

  index(value: string): number {
    let n = this.numbers.get(value);
    if (n === undefined) {
      n = this.values.length;
      if (n >= this.max) throw new RangeError(`more than ${this.max} different ${this.what} in one match`);
      this.values.push(value);
      this.numbers.set(value, n);
    }
    return n;
  }

  value(n: number): string {
    return this.values[n];
  }
}
