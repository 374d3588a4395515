export { ATTACHMENT_STORE, readChecked, sha256Of, SHA256_HEX, type AttachmentScope, type AttachmentStore, type CheckedContent, type ContentAddress } from './attachment-store';
export { FilesystemAttachmentStore } from './filesystem-attachment-store';
export { AttachmentPolicy, DEFAULT_ATTACHMENT_MAX_BYTES, DEFAULT_ATTACHMENT_TYPES, mediaTypeOf, type UploadRefusal } from './upload-policy';
export { contentDisposition } from './content-disposition';
