/** Identifier generation is a port: core never calls a random source itself. */
export interface IdGenerator {
  /** A new opaque, URL-safe, globally unique id. */
  next(): string;
}

/** Deterministic ids for tests: prefix-1, prefix-2, ... */
export class SequentialIds implements IdGenerator {
  private n = 0;
  constructor(private readonly prefix = 'id') {}
  next(): string {
    this.n += 1;
    return `${this.prefix}-${this.n}`;
  }
}
