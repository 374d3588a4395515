import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock } from '@duban/command-handling';
import { AppConfig } from '@duban/config';
import { EVENT_STORE, type EventStore } from '@duban/event-store';
import { ProblemException } from '@duban/http-problem';
import { InvalidScoringSchemeError, parseScoringScheme, type ScoringScheme } from '@duban/reporting';
import { shippedDocuments, VersionedDocuments } from '../shared/versioned-documents';

export const SCORING_SCHEME_PUBLISHED = 'ScoringSchemePublished';

/** The scheme `GET /reports/scores` uses unless the query names another. */
export const DEFAULT_SCORING_SCHEME = 'quarterly-service';

/** A scheme's bad fields as one 422, each named with its rule in both languages. */
function parseOrRefuse(input: unknown, id: string, version: number): ScoringScheme {
  try {
    return parseScoringScheme(input, id, version);
  } catch (error) {
    if (!(error instanceof InvalidScoringSchemeError)) throw error;
    const violations = error.issues.map((issue) => ({
      field: issue.field,
      rule: 'invalidScoringScheme',
      label: { zh: issue.field, en: issue.field },
      message: { zh: `「${issue.field}」${issue.zh}`, en: `"${issue.field}" ${issue.message}` },
    }));
    throw new ProblemException({
      status: HttpStatus.UNPROCESSABLE_ENTITY,
      slug: 'invalid-command',
      detail: { zh: `考核办法不符合规则：${violations.map((violation) => violation.message.zh).join('；')}`, en: `Invalid scoring scheme: ${error.message}` },
      extensions: { command: 'publish-scoring-scheme' },
      violations,
    });
  }
}

/**
 * Scoring schemes (考核办法), versioned: stream `scoring-scheme-<id>` holds ScoringSchemePublished
 * {version, scheme}; the shipped schemes (SCORING_SCHEMES_DIR, `<id>.json`) are version 1. A score
 * names the scheme version it was computed with.
 */
@Injectable()
export class ScoringSchemes extends VersionedDocuments<ScoringScheme> {
  constructor(@Inject(EVENT_STORE) store: EventStore, @Inject(CLOCK) clock: Clock, config: AppConfig) {
    super(
      store,
      clock,
      { streamPrefix: 'scoring-scheme-', eventType: SCORING_SCHEME_PUBLISHED, dataKey: 'scheme', name: { zh: '考核办法', en: 'scoring scheme' }, parse: parseOrRefuse },
      shippedDocuments(config.SCORING_SCHEMES_DIR, parseScoringScheme),
    );
  }
}
