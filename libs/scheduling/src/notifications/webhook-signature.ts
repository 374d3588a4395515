import { createHmac, timingSafeEqual } from 'node:crypto';

export const WEBHOOK_HEADERS = {
  /** `sha256=<hex HMAC-SHA256 of "<timestamp>.<raw body>">` */
  signature: 'x-duban-signature',
  /** Unix seconds when this attempt was signed; part of the signed content, so it cannot be swapped. */
  timestamp: 'x-duban-timestamp',
  /** The notification id: the same on every retry, for the receiver to deduplicate. */
  delivery: 'x-duban-delivery',
  event: 'x-duban-event',
} as const;

/** Receivers should refuse signatures older than this to stop replays of captured requests. */
export const DEFAULT_SIGNATURE_TOLERANCE_SECONDS = 300;

export function signWebhook(secret: string, timestamp: number, rawBody: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${rawBody}`).digest('hex')}`;
}

export interface WebhookSignatureCheck {
  secret: string;
  rawBody: string;
  timestampHeader: string | undefined;
  signatureHeader: string | undefined;
  toleranceSeconds?: number;
  nowMs?: number;
}

/** The receiver's check: the signature matches and its timestamp is recent. */
export function verifyWebhookSignature(check: WebhookSignatureCheck): boolean {
  const timestamp = Number(check.timestampHeader);
  if (!Number.isInteger(timestamp) || check.signatureHeader === undefined) return false;
  const ageSeconds = Math.abs((check.nowMs ?? Date.now()) / 1_000 - timestamp);
  if (ageSeconds > (check.toleranceSeconds ?? DEFAULT_SIGNATURE_TOLERANCE_SECONDS)) return false;
  const expected = Buffer.from(signWebhook(check.secret, timestamp, check.rawBody));
  const received = Buffer.from(check.signatureHeader);
  return expected.length === received.length && timingSafeEqual(expected, received);
}
