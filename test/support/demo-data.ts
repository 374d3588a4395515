/** The demo organisation's users and request bodies, free of jest and Nest so that plain scripts use them too. */

export const DEMO_PASSWORD = 'demo-password';

/** The demo users of config/organisation.demo.json. */
export type DemoUser =
  | 'handler.haicheng'
  | 'head.haicheng'
  | 'manager.haicheng'
  | 'handler.daoxi'
  | 'head.daoxi'
  | 'head.anshan'
  | 'supervisor.anshan'
  | 'supervisor.hq'
  | 'head.hq'
  | 'inspector.anshan'
  | 'handler.zengdu'
  | 'head.zengdu'
  | 'handler.chengzhong'
  | 'head.chengzhong'
  | 'supervisor.suizhou'
  | 'inspector.suizhou'
  | 'auditor'
  | 'admin';

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
