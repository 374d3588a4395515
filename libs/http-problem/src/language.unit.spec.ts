import { negotiateLanguage } from './language';

describe('negotiateLanguage', () => {
  it.each([
    [undefined, 'zh-CN'],
    ['', 'zh-CN'],
    ['en', 'en'],
    ['en-US,en;q=0.9', 'en'],
    ['EN-gb', 'en'],
    ['zh-CN,zh;q=0.9,en;q=0.8', 'zh-CN'],
    ['zh-TW', 'zh-CN'],
    ['fr-FR, de;q=0.5', 'zh-CN'],
    ['fr-FR, en;q=0.5', 'en'],
    ['*', 'zh-CN'],
    ['zh;q=0.4, en;q=0.6', 'en'],
    ['en;q=0.6, zh;q=0.8', 'zh-CN'],
    ['en;q=0.5, zh;q=0.5', 'en'],
    ['en;q=0, zh-CN;q=0.1', 'zh-CN'],
    ['en;q=0', 'zh-CN'],
    ['en;q=abc', 'zh-CN'],
    ['en;q=2', 'zh-CN'],
    [['fr', 'en;q=0.3'], 'en'],
  ])('%j → %s', (header, language) => {
    expect(negotiateLanguage(header)).toBe(language);
  });
});
