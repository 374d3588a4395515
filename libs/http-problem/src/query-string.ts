import { HttpStatus } from '@nestjs/common';
import { parse, type ParsedUrlQuery } from 'node:querystring';
import { ProblemException } from './problem-details';

/**
 * Express's "query parser": node:querystring as Express's `simple` parser uses it, but strict.
 * querystring decodes a malformed escape (`%ED%BF%BF`, `%FF`) into U+FFFD instead of failing, even
 * with a decoder that throws (it catches and falls back), so a filter would quietly change into
 * another; and it drops every parameter past the 1,000th. Every key and value must decode as UTF-8
 * here (400 otherwise), and none is dropped: the URL size limit bounds their number.
 */
export function strictQueryParser(query: string | null | undefined): ParsedUrlQuery {
  // Express passes null for a URL without a query string.
  if (!query) return {};
  for (const pair of query.split('&')) {
    for (const part of pair.split('=')) {
      try {
        decodeURIComponent(part.replace(/\+/g, ' '));
      } catch {
        throw ProblemException.of(HttpStatus.BAD_REQUEST, 'bad-request', {
          zh: '查询字符串不是合法的百分号编码 UTF-8。',
          en: 'The query string is not valid percent-encoded UTF-8.',
        });
      }
    }
  }
  return parse(query, '&', '=', { maxKeys: 0 });
}
