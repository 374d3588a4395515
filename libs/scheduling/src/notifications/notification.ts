import type { JsonObject } from '@duban/event-store';
import { deterministicJobId } from '../job-id';

export type NotificationType = 'ClockWarningRaised' | 'ClockBreached' | 'CaseEscalated' | (string & {});

export interface Notification {
  /**
   * The id of what is being announced, typically the id of the event that raised it. It names the
   * job (publishing it again is a no-op) and is sent as the delivery id receivers deduplicate on.
   */
  id: string;
  type: NotificationType;
  caseId: string;
  /** Picks the webhook: the unit's own, else the default. */
  unitId: string;
  payload: JsonObject;
}

export function notificationJobId(notification: Pick<Notification, 'id'>): string {
  return deterministicJobId('notification', notification.id);
}
