import { webhookFor, type WebhookRouting } from './webhook-routing';
import { signWebhook, WEBHOOK_HEADERS } from './webhook-signature';
import type { Notification } from './notification';

export type DeliveryResult = { delivered: true; url: string; status: number } | { delivered: false; reason: 'no webhook for unit' };

export class WebhookDeliveryError extends Error {
  constructor(url: string, reason: string) {
    super(`Webhook ${url} refused the notification: ${reason}`);
    this.name = 'WebhookDeliveryError';
  }
}

/**
 * POSTs a notification as JSON to its unit's webhook, signed (see WEBHOOK_HEADERS). Anything but a
 * 2xx answer within the timeout throws, so the notifications queue retries it.
 */
export class WebhookSink {
  constructor(
    private readonly routing: WebhookRouting,
    private readonly timeoutMs: number,
  ) {}

  async deliver(notification: Notification): Promise<DeliveryResult> {
    const target = webhookFor(this.routing, notification.unitId);
    if (target === undefined) return { delivered: false, reason: 'no webhook for unit' };
    const body = JSON.stringify(notification);
    const timestamp = Math.floor(Date.now() / 1_000);
    let response: Response;
    try {
      response = await fetch(target.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          [WEBHOOK_HEADERS.signature]: signWebhook(target.secret, timestamp, body),
          [WEBHOOK_HEADERS.timestamp]: String(timestamp),
          [WEBHOOK_HEADERS.delivery]: notification.id,
          [WEBHOOK_HEADERS.event]: notification.type,
        },
        body,
        redirect: 'manual', // a redirect is not an acknowledgement
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      throw new WebhookDeliveryError(target.url, error instanceof Error ? error.message : String(error));
    }
    await response.body?.cancel(); // the answer's content is not used; free the socket
    if (!response.ok) throw new WebhookDeliveryError(target.url, `HTTP ${response.status}`);
    return { delivered: true, url: target.url, status: response.status };
  }
}
