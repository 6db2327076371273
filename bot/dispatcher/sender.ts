import type { Employee } from '../../core/records/employee.js';
import type { Locale } from '../../core/messaging/notification.js';
import type { UnitOfWork } from '../../core/shared/unit-of-work.port.js';

/** The employee behind a messenger user id, or null (unknown, external, or no id given). */
export async function resolveSender(uow: UnitOfWork, userId: string | null): Promise<Employee | null> {
  if (!userId) return null;
  return uow.employees.getByDingtalkUserId(userId);
}

export const localeFor = (sender: Employee | null, fallback: Locale): Locale => sender?.locale ?? fallback;
