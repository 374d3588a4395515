import { expect } from '@jest/globals';
import type { ApiClient } from './api-test-app';
import { complaintBody } from './demo-data';

export { complaintBody, HAICHENG, HAICHENG_OUTLET } from './demo-data';

/** Registers a complaint at the haicheng outlet as handler.haicheng; returns its id. */
export async function registerComplaint(handler: ApiClient, overrides: Record<string, unknown> = {}): Promise<string> {
  const response = await handler.post('/complaints', complaintBody(overrides));
  expect(response.status).toBe(201);
  return response.body.id as string;
}
