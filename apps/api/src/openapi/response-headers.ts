import type { HeadersObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { POSITION_HEADER } from '../shared/aggregate-presenter';

const text = { type: 'string' } as const;

/** The headers a case view is answered with: its revision as ETag (for If-Match) and the global log position it was read at (for minPosition). */
export const CASE_VIEW_HEADERS: HeadersObject = {
  ETag: { description: 'The revision, for If-Match', schema: { ...text, example: '"3"' } },
  [POSITION_HEADER]: { description: 'The position in the global log this answer reflects; pass it as minPosition to read lists that include it', schema: text },
};

/** A created case also says where it lives. */
export const CREATED_CASE_HEADERS: HeadersObject = {
  ...CASE_VIEW_HEADERS,
  Location: { description: 'The path of the new case', schema: { ...text, example: '/complaints/3f0c…' } },
};

/** SLA policy sets and calendars carry their version as ETag. */
export const VERSION_HEADERS: HeadersObject = { ETag: { description: 'The version, for If-Match', schema: { ...text, example: '"2"' } } };
