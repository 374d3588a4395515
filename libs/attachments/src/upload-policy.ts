/** The evidence formats Duban takes unless configured otherwise: letters and reply letters as PDF or scans, photos, typed notes. */
export const DEFAULT_ATTACHMENT_TYPES = ['application/pdf', 'image/jpeg', 'image/png', 'image/tiff', 'text/plain'] as const;

/** 20 MiB: a multi-page letter scan at 300 dpi fits; a CCTV recording does not belong here (a CCTV note does). */
export const DEFAULT_ATTACHMENT_MAX_BYTES = 20 * 1024 * 1024;

/** The opening bytes of each binary format, so a file cannot be filed under a type it is not. */
const SIGNATURES: Readonly<Record<string, readonly Buffer[]>> = {
  'application/pdf': [Buffer.from('%PDF-', 'latin1')],
  'image/jpeg': [Buffer.from([0xff, 0xd8, 0xff])],
  'image/png': [Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])],
  'image/tiff': [Buffer.from('II*\0', 'latin1'), Buffer.from('MM\0*', 'latin1')],
};

export type UploadRefusal = { status: 413 | 415; slug: 'payload-too-large' | 'unsupported-media-type'; detail: { zh: string; en: string } };

/** `image/JPEG; foo=bar` → `image/jpeg`. */
export function mediaTypeOf(contentType: string | undefined): string | undefined {
  const essence = contentType?.split(';')[0].trim().toLowerCase();
  return essence === undefined || essence === '' ? undefined : essence;
}

/** Which files an installation takes: the allow-list of media types and the largest size in bytes. */
export class AttachmentPolicy {
  readonly allowedTypes: readonly string[];

  constructor(
    allowedTypes: readonly string[],
    readonly maxBytes: number,
  ) {
    this.allowedTypes = allowedTypes.map((type) => type.trim().toLowerCase()).filter((type) => type !== '');
  }

  /** Before the body is read: its declared type and length (when given). */
  refuseDeclared(contentType: string | undefined, declaredLength: number | undefined): UploadRefusal | undefined {
    const type = mediaTypeOf(contentType);
    if (type === undefined || !this.allowedTypes.includes(type)) {
      return {
        status: 415,
        slug: 'unsupported-media-type',
        detail: {
          zh: `不接受 Content-Type ${type ?? '（无）'} 的证据；请发送下列之一：${this.allowedTypes.join(', ')}。`,
          en: `Content-Type ${type ?? '(none)'} is not taken as evidence; send one of ${this.allowedTypes.join(', ')}.`,
        },
      };
    }
    const charset = charsetOf(contentType!);
    if (type === 'text/plain' && charset !== undefined && charset !== 'utf-8') {
      return {
        status: 415,
        slug: 'unsupported-media-type',
        detail: { zh: '纯文本仅接受 UTF-8（charset=utf-8 或不写 charset）。', en: 'Plain text is taken as UTF-8 only (charset=utf-8 or no charset).' },
      };
    }
    return declaredLength !== undefined && declaredLength > this.maxBytes ? this.tooLarge() : undefined;
  }

  tooLarge(): UploadRefusal {
    return { status: 413, slug: 'payload-too-large', detail: { zh: `附件最大 ${this.maxBytes} 字节。`, en: `An attachment may have at most ${this.maxBytes} bytes.` } };
  }

  /** After it is read: empty, too large, or not what its type says (a PDF must start %PDF-, and so on). */
  refuseContent(contentType: string, content: Buffer): UploadRefusal | undefined {
    if (content.length > this.maxBytes) return this.tooLarge();
    if (content.length === 0) return { status: 415, slug: 'unsupported-media-type', detail: { zh: '附件为空。', en: 'The attachment is empty.' } };
    const type = mediaTypeOf(contentType)!;
    const signatures = SIGNATURES[type];
    if (signatures !== undefined && !signatures.some((signature) => content.subarray(0, signature.length).equals(signature))) {
      return {
        status: 415,
        slug: 'unsupported-media-type',
        detail: { zh: `内容不是 ${type}：文件头与该格式不符。`, en: `The content is not ${type}: its first bytes do not match that format.` },
      };
    }
    if (type === 'text/plain' && !isUtf8(content))
      return { status: 415, slug: 'unsupported-media-type', detail: { zh: '文本不是有效的 UTF-8。', en: 'The text is not valid UTF-8.' } };
    return undefined;
  }
}

/** `text/plain; charset="UTF-8"` → `utf-8`; undefined when no charset is named. */
function charsetOf(contentType: string): string | undefined {
  const match = /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(contentType);
  return match?.[1].toLowerCase();
}

function isUtf8(content: Buffer): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(content);
    return true;
  } catch {
    return false;
  }
}
