import type { OrgUnit } from '../organisation/org-unit';

/** A trimmed copy of the demo organisation, so pure tests need no file I/O. */
export const TEST_UNITS: readonly OrgUnit[] = [
  { id: 'hq', name: '总行', nameEn: 'Head Office', parentId: null, level: 'head_office' },
  { id: 'anshan', name: '鞍山分行', nameEn: 'Anshan Branch', parentId: 'hq', level: 'branch' },
  { id: 'anshan-haicheng', name: '海城支行', nameEn: 'Haicheng Sub-branch', parentId: 'anshan', level: 'sub_branch' },
  { id: 'anshan-haicheng-yys', name: '海城支行营业室', nameEn: 'Haicheng Business Hall', parentId: 'anshan-haicheng', level: 'outlet' },
  { id: 'anshan-daoxi', name: '道西支行', nameEn: 'Daoxi Sub-branch', parentId: 'anshan', level: 'sub_branch' },
  { id: 'suizhou', name: '随州分行', nameEn: 'Suizhou Branch', parentId: 'hq', level: 'branch' },
  { id: 'suizhou-zengdu', name: '曾都支行', nameEn: 'Zengdu Sub-branch', parentId: 'suizhou', level: 'sub_branch' },
];
