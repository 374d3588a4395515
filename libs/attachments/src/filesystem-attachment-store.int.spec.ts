import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readChecked, sha256Of } from './attachment-store';
import { FilesystemAttachmentStore } from './filesystem-attachment-store';

describe('FilesystemAttachmentStore', () => {
  let root: string;
  let store: FilesystemAttachmentStore;
  const letter = Buffer.from('%PDF-1.7 投诉信函');
  const address = { sha256: sha256Of(letter), size: letter.length };

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'duban-attachments-'));
    store = new FilesystemAttachmentStore(root);
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('stores bytes under their SHA-256 within the case and reads them back intact', async () => {
    expect(await store.put('complaint-c1', letter)).toEqual(address);
    expect(readdirSync(join(root, 'complaint-c1', address.sha256.slice(0, 2)))).toEqual([address.sha256]);
    expect(await readChecked(store, 'complaint-c1', address)).toEqual({ status: 'intact', content: letter });
  });

  it('stores the same bytes again without change and leaves no temporary files', async () => {
    await store.put('complaint-c1', letter);
    await store.put('complaint-c1', letter);
    expect(readdirSync(join(root, 'complaint-c1', address.sha256.slice(0, 2)))).toEqual([address.sha256]);
  });

  it('keeps each case apart: deleting one case copy leaves another case copy of the same bytes', async () => {
    await store.put('complaint-c1', letter);
    await store.put('complaint-c2', letter);
    await store.delete('complaint-c1', address.sha256);
    await store.delete('complaint-c1', address.sha256);
    expect(await readChecked(store, 'complaint-c1', address)).toEqual({ status: 'missing' });
    expect((await readChecked(store, 'complaint-c2', address)).status).toBe('intact');
  });

  it('reports a file changed on disk as a mismatch instead of serving it', async () => {
    await store.put('complaint-c1', letter);
    writeFileSync(join(root, 'complaint-c1', address.sha256.slice(0, 2), address.sha256), '%PDF-1.7 altered');
    const checked = await readChecked(store, 'complaint-c1', address);
    expect(checked).toEqual({ status: 'mismatch', actual: { sha256: sha256Of(Buffer.from('%PDF-1.7 altered')), size: 16 } });
  });

  it('refuses scopes and hashes that could leave its root', async () => {
    await expect(store.put('../elsewhere', letter)).rejects.toThrow('Not an attachment scope');
    await expect(store.read('complaint-c1', '../../etc/passwd')).rejects.toThrow('Not a SHA-256');
  });
});
