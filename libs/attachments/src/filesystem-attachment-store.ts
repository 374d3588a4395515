import { randomUUID } from 'node:crypto';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { SHA256_HEX, sha256Of, type AttachmentScope, type AttachmentStore, type ContentAddress } from './attachment-store';

/** Stream names as Duban forms them (`complaint-<id>`); anything else could climb out of the root. */
const SAFE_SCOPE = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,199}$/;

/**
 * Files at `<root>/<scope>/<first two hex digits>/<sha256>`, written to a temporary name, flushed
 * and renamed, so a crash leaves either the whole file or none; the bytes are never rewritten.
 */
export class FilesystemAttachmentStore implements AttachmentStore {
  constructor(private readonly root: string) {}

  async put(scope: AttachmentScope, content: Buffer): Promise<ContentAddress> {
    const address = { sha256: sha256Of(content), size: content.length };
    const path = this.pathOf(scope, address.sha256);
    await mkdir(dirname(path), { recursive: true });
    const temporary = `${path}.${randomUUID()}.partial`;
    const file = await open(temporary, 'wx');
    try {
      await file.writeFile(content);
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(temporary, path);
    await syncDirectory(dirname(path));
    return address;
  }

  async read(scope: AttachmentScope, sha256: string): Promise<Buffer | undefined> {
    try {
      return await readFile(this.pathOf(scope, sha256));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  async delete(scope: AttachmentScope, sha256: string): Promise<void> {
    const path = this.pathOf(scope, sha256);
    await rm(path, { force: true });
    await syncDirectory(dirname(path)).catch(() => undefined);
  }

  private pathOf(scope: AttachmentScope, sha256: string): string {
    if (!SAFE_SCOPE.test(scope)) throw new Error(`Not an attachment scope: ${JSON.stringify(scope)}`);
    if (!SHA256_HEX.test(sha256)) throw new Error(`Not a SHA-256 in hex: ${JSON.stringify(sha256)}`);
    return join(this.root, scope, sha256.slice(0, 2), sha256);
  }
}

/** The rename (or removal) is durable only once the directory entry is flushed too. */
async function syncDirectory(path: string): Promise<void> {
  const directory = await open(path, 'r');
  try {
    await directory.sync();
  } finally {
    await directory.close();
  }
}
