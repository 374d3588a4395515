/** OpenAPI shape of SimulationReport: its frame exactly; per-case timelines as the back-test records them (libs/sla, simulation). */
const open = { type: 'object', additionalProperties: true } as const;
const compared = (values: object) => ({ type: 'object', required: ['candidate', 'actual'], properties: { candidate: values, actual: values } });
const count = compared({ type: 'integer' });

const TOTALS_SCHEMA = {
  type: 'object',
  properties: {
    unitId: { type: 'string' },
    cases: { type: 'integer' },
    replied: { type: 'integer' },
    repliedOnTime: count,
    breachedCases: count,
    breaches: count,
    warnings: count,
    escalationsByLevel: compared({ type: 'object', additionalProperties: { type: 'integer' }, description: 'Escalations by the level reached, e.g. {"1": 3}' }),
    automaticEscalations: count,
  },
};

const OUTCOME_SCHEMA = {
  type: 'object',
  properties: {
    clockEvents: { type: 'array', items: open, description: 'at, type, clockId and the target, level, dueAt, threshold or outcome the event has' },
    escalations: { type: 'array', items: open },
    warnings: { type: 'integer' },
    breaches: { type: 'integer' },
    level: { type: 'integer' },
    responsibleUnitId: { type: 'string' },
    repliedOnTime: { type: 'boolean', nullable: true },
  },
};

export const SIMULATION_REPORT_SCHEMA = {
  type: 'object',
  required: ['from', 'to', 'horizon', 'candidate', 'totals', 'cases'],
  properties: {
    from: { type: 'string', format: 'date-time' },
    to: { type: 'string', format: 'date-time' },
    horizon: { type: 'string', format: 'date-time', description: 'The request time or `to`, whichever is earlier' },
    candidate: {
      type: 'object',
      properties: { policySetVersion: { type: 'integer' }, calendars: { type: 'object', additionalProperties: { type: 'integer' }, description: 'Calendar id → version' } },
    },
    totals: { type: 'object', properties: { overall: TOTALS_SCHEMA, byUnit: { type: 'array', items: TOTALS_SCHEMA }, byGroup: { type: 'array', items: TOTALS_SCHEMA } } },
    cases: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          kind: { type: 'string' },
          caseId: { type: 'string' },
          unitId: { type: 'string' },
          receivedAt: { type: 'string', format: 'date-time' },
          repliedAt: { type: 'string', format: 'date-time', nullable: true },
          candidate: OUTCOME_SCHEMA,
          actual: OUTCOME_SCHEMA,
          notes: { type: 'array', items: { type: 'string' } },
        },
      },
    },
  },
};
