import { departByMessengerEvent } from '../../core/offboarding/depart-employee.use-case.js';
import type { Clock } from '../../core/shared/clock.port.js';
import type { IdGenerator } from '../../core/shared/ids.port.js';
import type { Transactor, UnitOfWork } from '../../core/shared/unit-of-work.port.js';
import type { MessengerEvent } from '../receivers/messenger-event.js';
import type { WorkerLog } from './inbox-worker.js';

export interface DirectoryEventDeps {
  readonly clock: Clock;
  readonly ids: IdGenerator;
  /** BOUNDARY_TIMEZONE: the last day of someone nobody offboarded is today there. */
  readonly timezone: string;
  readonly log: WorkerLog;
}

/**
 * The inbox worker's event handler. `user_leave_org`: the accounts are gone, so the people
 * behind them leave (core's departByMessengerEvent: departed, retention timers started, one
 * access-log entry each, exactly as an HR departure writes). Ids that are not employees, and
 * people already departed (a redelivery), change nothing. Other types are dropped.
 */
export function directoryEventHandler(deps: DirectoryEventDeps): (uow: UnitOfWork, event: MessengerEvent) => Promise<void> {
  return async (uow, event) => {
    if (event.type !== 'user_leave_org') return;
    // The inbox row's own transaction: the departures and the row's processed mark commit together.
    const tx: Transactor = { run: (work) => work(uow) };
    const { departed } = await departByMessengerEvent({ tx, clock: deps.clock, ids: deps.ids, timezone: deps.timezone }, event.userIds);
    // Counts only: the ids of people who are not (or no longer) employees are nobody's business here.
    deps.log('info', 'user_leave_org processed', { users: event.userIds.length, departed: departed.length, unchanged: event.userIds.length - departed.length });
  };
}
