import { randomUUID } from 'node:crypto';
import type { Clock } from '../core/shared/clock.port.js';
import type { IdGenerator } from '../core/shared/ids.port.js';

export class SystemClock implements Clock {
  now(): Date {
    return new Date();
  }
}

export class RandomIds implements IdGenerator {
  next(): string {
    return randomUUID();
  }
}
