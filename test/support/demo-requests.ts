import { expect } from '@jest/globals';
import type { ApiClient } from './api-test-app';

/** The haicheng outlet where handler.haicheng works; head.haicheng's sub-branch is its parent. */
export const HAICHENG_OUTLET = 'anshan-haicheng-yys';
export const HAICHENG = 'anshan-haicheng';

export const complaintBody = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
  type: 'complaint',
  channel: 'walk_in',
  category: 'attitude',
  unitId: HAICHENG_OUTLET,
  customer: { name: '陈**', phone: '400-000-0000' },
  description: '柜员态度冷漠、不耐烦',
  ...overrides,
});

/** Registers a complaint at the haicheng outlet as handler.haicheng; returns its id. */
export async function registerComplaint(handler: ApiClient, overrides: Record<string, unknown> = {}): Promise<string> {
  const response = await handler.post('/complaints', complaintBody(overrides));
  expect(response.status).toBe(201);
  return response.body.id as string;
}
