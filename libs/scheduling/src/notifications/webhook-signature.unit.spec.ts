import { signWebhook, verifyWebhookSignature, type WebhookSignatureCheck } from './webhook-signature';

describe('webhook signatures', () => {
  const secret = 'head-office-secret';
  const rawBody = '{"id":"evt-1","type":"CaseEscalated"}';
  const nowMs = Date.UTC(2026, 0, 5, 9, 0, 0);
  const timestamp = nowMs / 1_000;
  const valid: WebhookSignatureCheck = {
    secret,
    rawBody,
    timestampHeader: String(timestamp),
    signatureHeader: signWebhook(secret, timestamp, rawBody),
    nowMs,
  };

  it('signs "<timestamp>.<body>" with HMAC-SHA256 as sha256=<hex>', () => {
    // openssl: printf '1767603600.{"id":"evt-1","type":"CaseEscalated"}' | openssl dgst -sha256 -hmac head-office-secret
    expect(signWebhook(secret, timestamp, rawBody)).toBe('sha256=453ec01760ea01fba2c50d981e3bc0b0efdba59c8185c2909aaae994dccabab3');
  });

  it('verifies a fresh signature made with the secret', () => {
    expect(verifyWebhookSignature(valid)).toBe(true);
  });

  it.each<[string, Partial<WebhookSignatureCheck>]>([
    ['another secret', { secret: 'someone-else' }],
    ['a changed body', { rawBody: rawBody.replace('evt-1', 'evt-2') }],
    ['a swapped timestamp', { timestampHeader: String(timestamp + 1) }],
    ['a replay after the tolerance', { nowMs: nowMs + 301_000 }],
    ['a missing signature', { signatureHeader: undefined }],
    ['a missing timestamp', { timestampHeader: undefined }],
    ['a truncated signature', { signatureHeader: valid.signatureHeader!.slice(0, -2) }],
  ])('rejects %s', (_, change) => {
    expect(verifyWebhookSignature({ ...valid, ...change })).toBe(false);
  });
});
