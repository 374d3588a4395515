import { HttpStatus } from '@nestjs/common';
import { AttachmentPolicy, type UploadRefusal } from '@duban/attachments';
import { ProblemException } from '@duban/http-problem';
import { raw, type NextFunction, type Request, type RequestHandler, type Response } from 'express';

/** `POST /{complaints,findings,inspections,violations,circulars}/:id/attachments`: the routes whose body is the file itself. */
export const EVIDENCE_UPLOAD_PATH = /^\/(complaints|findings|inspections|violations|circulars)\/[^/]+\/attachments\/?$/;

const problemOf = (refusal: UploadRefusal): ProblemException => ProblemException.of(refusal.status, refusal.slug, refusal.detail);

/**
 * Reads an upload's body as bytes, after refusing by its declared type (415) and length (413)
 * before a byte is read; a body longer than it declared, or one sent chunked, is cut off at the limit.
 * Every other request passes to the JSON parser untouched.
 */
export function readEvidenceUploads(policy: AttachmentPolicy): RequestHandler {
  const parse = raw({ type: () => true, limit: policy.maxBytes });
  return (request: Request, response: Response, next: NextFunction): void => {
    if (request.method !== 'POST' || !EVIDENCE_UPLOAD_PATH.test(request.path)) return next();
    const length = request.header('content-length');
    const refusal = policy.refuseDeclared(request.header('content-type'), length === undefined ? undefined : Number(length));
    if (refusal) return next(problemOf(refusal));
    parse(request, response, (error?: unknown) => next((error as { type?: string } | undefined)?.type === 'entity.too.large' ? problemOf(policy.tooLarge()) : error));
  };
}

/** The bytes readEvidenceUploads read, checked against their declared type. */
export function uploadedContent(request: Request, policy: AttachmentPolicy): { content: Buffer; contentType: string } {
  const content: unknown = request.body;
  const contentType = request.header('content-type') ?? '';
  if (!Buffer.isBuffer(content))
    throw ProblemException.of(HttpStatus.UNSUPPORTED_MEDIA_TYPE, 'unsupported-media-type', { zh: '请求体须为文件本身。', en: 'The body must be the file itself.' });
  const refusal = policy.refuseContent(contentType, content);
  if (refusal) throw problemOf(refusal);
  return { content, contentType };
}
