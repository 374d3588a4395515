/** The languages the API answers in: Simplified Chinese for the bank's staff (the default), English for integrators. */
export type Language = 'zh-CN' | 'en';

export const DEFAULT_LANGUAGE: Language = 'zh-CN';

/** One text in both languages; `zh` is zh-CN. */
export interface Bilingual {
  readonly zh: string;
  readonly en: string;
}

export function inLanguage(text: Bilingual, language: Language): string {
  return language === 'en' ? text.en : text.zh;
}

/** The language an Accept-Language range names, or null for one the API does not speak; `*` takes the default. */
function languageOfRange(range: string): Language | null {
  const tag = range.toLowerCase();
  if (tag === '*') return DEFAULT_LANGUAGE;
  if (tag === 'zh' || tag.startsWith('zh-')) return 'zh-CN';
  if (tag === 'en' || tag.startsWith('en-')) return 'en';
  return null;
}

/**
 * The answer's language by RFC 9110 Accept-Language: the range with the highest q-value the API
 * speaks (any `zh*` is zh-CN, any `en*` English), the earlier one on a tie; ranges with q=0 are
 * refused. No header, nothing the API speaks, or a header it cannot read: zh-CN.
 */
export function negotiateLanguage(header: string | readonly string[] | undefined): Language {
  const value = Array.isArray(header) ? header.join(',') : (header as string | undefined);
  if (!value) return DEFAULT_LANGUAGE;
  let best: { language: Language; q: number } | undefined;
  for (const part of value.split(',')) {
    const [range, ...parameters] = part.split(';').map((piece) => piece.trim());
    const language = languageOfRange(range);
    if (language === null) continue;
    const qParameter = parameters.find((parameter) => /^q=/i.test(parameter));
    const q = qParameter === undefined ? 1 : Number(qParameter.slice(2));
    if (!Number.isFinite(q) || q <= 0 || q > 1) continue;
    if (best === undefined || q > best.q) best = { language, q };
  }
  return best?.language ?? DEFAULT_LANGUAGE;
}
