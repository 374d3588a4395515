import { contentDisposition } from './content-disposition';
import { AttachmentPolicy, DEFAULT_ATTACHMENT_TYPES, mediaTypeOf } from './upload-policy';

const policy = new AttachmentPolicy(DEFAULT_ATTACHMENT_TYPES, 1000);
const PDF = Buffer.from('%PDF-1.7\n');
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]);

describe('AttachmentPolicy', () => {
  it('takes the allowed types in any case and with parameters', () => {
    expect(mediaTypeOf('Application/PDF; name=x')).toBe('application/pdf');
    expect(policy.refuseDeclared('application/pdf', 1000)).toBeUndefined();
    expect(policy.refuseDeclared('text/plain; charset=UTF-8', undefined)).toBeUndefined();
    expect(policy.refuseDeclared('text/plain', 10)).toBeUndefined();
  });

  it('refuses other types, no type and text in another charset with 415', () => {
    for (const type of ['application/zip', 'text/html', undefined, 'text/plain; charset=gbk']) {
      expect(policy.refuseDeclared(type, 10)).toMatchObject({ status: 415, slug: 'unsupported-media-type' });
    }
    expect(policy.refuseDeclared('application/zip', 10)?.detail.en).toContain('application/pdf, image/jpeg, image/png, image/tiff, text/plain');
  });

  it('refuses a declared or actual size above the limit with 413 naming it', () => {
    expect(policy.refuseDeclared('image/png', 1001)).toEqual({
      status: 413,
      slug: 'payload-too-large',
      detail: { zh: '附件最大 1000 字节。', en: 'An attachment may have at most 1000 bytes.' },
    });
    expect(policy.refuseContent('application/pdf', Buffer.concat([PDF, Buffer.alloc(1000)]))).toMatchObject({ status: 413 });
  });

  it('takes content whose first bytes are its type, and refuses content that is not', () => {
    expect(policy.refuseContent('application/pdf', PDF)).toBeUndefined();
    expect(policy.refuseContent('image/png', PNG)).toBeUndefined();
    expect(policy.refuseContent('image/tiff', Buffer.from('MM\0*rest', 'latin1'))).toBeUndefined();
    expect(policy.refuseContent('image/jpeg', PNG)).toMatchObject({ status: 415, detail: { en: 'The content is not image/jpeg: its first bytes do not match that format.' } });
    expect(policy.refuseContent('text/plain', Buffer.from([0xc3, 0x28]))).toMatchObject({ status: 415, detail: { en: 'The text is not valid UTF-8.' } });
    expect(policy.refuseContent('text/plain', Buffer.alloc(0))).toMatchObject({ status: 415, detail: { en: 'The attachment is empty.' } });
  });

  it('follows a configured allow-list', () => {
    const scansOnly = new AttachmentPolicy([' image/TIFF ', ''], 10);
    expect(scansOnly.allowedTypes).toEqual(['image/tiff']);
    expect(scansOnly.refuseDeclared('application/pdf', 1)).toMatchObject({ status: 415 });
  });
});

describe('contentDisposition', () => {
  it('gives a UTF-8 file name (RFC 6266) with an ASCII fallback', () => {
    expect(contentDisposition('投诉信函 1.pdf')).toBe(`attachment; filename="____ 1.pdf"; filename*=UTF-8''%E6%8A%95%E8%AF%89%E4%BF%A1%E5%87%BD%201.pdf`);
    expect(contentDisposition('a"b\\c.txt')).toBe(`attachment; filename="a_b_c.txt"; filename*=UTF-8''a%22b%5Cc.txt`);
  });
});
