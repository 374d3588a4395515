import { ProblemException } from './problem-details';
import { strictQueryParser } from './query-string';

describe('strictQueryParser', () => {
  it('parses as querystring does: + for space, repeated names as lists, escapes decoded', () => {
    expect(strictQueryParser('q=a+b%20c&limit=5&limit=6&unit=%E6%B5%B7%E5%9F%8E')).toEqual({ q: 'a b c', limit: ['5', '6'], unit: '海城' });
  });

  it('reads no query string (null from Express) as no parameters', () => {
    expect(strictQueryParser(null)).toEqual({});
    expect(strictQueryParser('')).toEqual({});
  });

  it.each(['category=%ED%BF%BF', 'q=%FF', '%C0%AF=1', 'q=%E4%B8', 'q=%', 'q=%zz'])('refuses %s with 400 instead of reading U+FFFD', (query) => {
    expect(() => strictQueryParser(query)).toThrow(ProblemException);
    try {
      strictQueryParser(query);
    } catch (error) {
      expect((error as ProblemException).problem.status).toBe(400);
    }
  });

  it('keeps every parameter, past the 1,000th too', () => {
    const query = Array.from({ length: 1_500 }, (_, index) => `p${index}=1`).join('&');
    expect(Object.keys(strictQueryParser(query))).toHaveLength(1_500);
  });
});
