import { expect } from '@jest/globals';
import type { ApiClient } from './api-test-app';
import { complaintBody, HAICHENG_OUTLET } from './demo-data';

export { complaintBody, HAICHENG, HAICHENG_OUTLET } from './demo-data';

/** Registers a complaint at the haicheng outlet as handler.haicheng; returns its id. */
export async function registerComplaint(handler: ApiClient, overrides: Record<string, unknown> = {}): Promise<string> {
  const response = await handler.post('/complaints', complaintBody(overrides));
  expect(response.status).toBe(201);
  return response.body.id as string;
}

/** The body of a deadline finding an inspector raises at the haicheng outlet (POST /inspections/:id/findings), due after the default test clock's start. */
export function deadlineFindingBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { unitId: HAICHENG_OUTLET, category: 'internal_control', description: '未按时核库', severity: 'major', mode: 'deadline', dueAt: '2025-04-03T00:00:00Z', ...overrides };
}
