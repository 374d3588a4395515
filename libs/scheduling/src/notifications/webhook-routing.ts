export interface WebhookTarget {
  url: string;
  /** The HMAC key the receiver verifies signatures with. */
  secret: string;
}

/** Where each unit's notifications go: the unit's own webhook, else the default, else nowhere. */
export interface WebhookRouting {
  units?: Record<string, WebhookTarget>;
  default?: WebhookTarget;
}

export function webhookFor(routing: WebhookRouting, unitId: string): WebhookTarget | undefined {
  return routing.units?.[unitId] ?? routing.default;
}
