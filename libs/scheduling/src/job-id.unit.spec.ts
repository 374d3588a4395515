import { deterministicJobId } from './job-id';

describe('deterministicJobId', () => {
  it('is the same for the same parts and never contains a colon', () => {
    const id = deterministicJobId('deadline', 'complaint:42', 'reply', 3, 'breach');
    expect(id).toBe(deterministicJobId('deadline', 'complaint:42', 'reply', 3, 'breach'));
    expect(id).not.toContain(':');
  });

  it('keeps parts apart even when they contain the separator', () => {
    expect(deterministicJobId('deadline', 'a|b', 'c')).not.toBe(deterministicJobId('deadline', 'a', 'b|c'));
  });

  it('differs by every part', () => {
    const base = ['case-1', 'reply', 1, 'warning', 0.5] as const;
    const variants = base.map((_, index) => {
      const parts: Array<string | number> = [...base];
      parts[index] = `${parts[index]}x`;
      return deterministicJobId('deadline', ...parts);
    });
    expect(new Set([deterministicJobId('deadline', ...base), ...variants]).size).toBe(base.length + 1);
  });
});
