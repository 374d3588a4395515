import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import {
  closeSync,
  createReadStream,
  copyFileSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { AppConfig } from '@duban/config';
import { openSqliteEventStore } from '@duban/event-store';
import { verifyStore } from '@duban/store-integrity';
import type { CliOutput } from '../cli-output';

/**
 * Online backup and restore of the embedded store. A backup is a directory: a consistent snapshot
 * of the event log, then of the customer key file (in that order, so every customer the log names
 * has its key, unless it was erased meanwhile), and a manifest with their checksums and the log's
 * head. Snapshots are `VACUUM INTO`: one read transaction, so writers in other processes carry on
 * (WAL) and nothing uncommitted is copied. Every backup is verified (hash chains) before it is
 * declared good, and again after a restore.
 */
export const BACKUP_FORMAT = 'duban-sqlite-backup/1';
const MANIFEST = 'backup.json';
const EVENTS_FILE = 'events.sqlite';
const KEYS_FILE = 'customer-keys.sqlite';

interface BackedUpFile {
  file: string;
  bytes: number;
  sha256: string;
}

export interface BackupManifest {
  format: typeof BACKUP_FORMAT;
  createdAt: string;
  events: BackedUpFile & { count: number; headPosition: string };
  customerKeys: BackedUpFile | null;
}

export const BACKUP_USAGE = 'backup <directory>';
export const RESTORE_USAGE = 'restore <backup directory>';

export async function backupSqliteStore(config: AppConfig, args: readonly string[], output: CliOutput): Promise<number> {
  const target = singleDirectoryArgument(args, BACKUP_USAGE, output);
  if (target === undefined) return 2;
  if (config.EVENT_STORE !== 'sqlite')
    return refuse(output, 'backup copies the embedded SQLite store; back EventStoreDB up with its own tools (see README, Running in production)');
  if (!existsSync(config.sqliteFile)) return refuse(output, `no event store at ${config.sqliteFile}`);
  if (existsSync(target) && readdirSync(target).length > 0) return refuse(output, `${target} is not empty; back up into a new directory`);
  mkdirSync(target, { recursive: true });

  output.stderr.write(`snapshotting ${config.sqliteFile}\n`);
  snapshot(config.sqliteFile, join(target, EVENTS_FILE));
  const keysBackedUp = existsSync(config.customerKeysFile);
  if (keysBackedUp) {
    output.stderr.write(`snapshotting ${config.customerKeysFile}\n`);
    snapshot(config.customerKeysFile, join(target, KEYS_FILE));
  }

  const verified = await verifiedStore(join(target, EVENTS_FILE), output);
  if (verified === undefined) return 1;
  const manifest: BackupManifest = {
    format: BACKUP_FORMAT,
    createdAt: new Date().toISOString(),
    events: { ...(await described(target, EVENTS_FILE)), count: verified.count, headPosition: verified.headPosition.toString() },
    customerKeys: keysBackedUp ? await described(target, KEYS_FILE) : null,
  };
  writeDurably(join(target, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
  output.stdout.write(
    `BACKED UP: ${manifest.events.count} events up to position ${manifest.events.headPosition}${keysBackedUp ? ' and the customer keys' : ''} to ${resolve(target)}\n`,
  );
  return 0;
}

/** Into a DATA_DIR without an event store only: restoring over a live store would fork its history. */
export async function restoreSqliteStore(config: AppConfig, args: readonly string[], output: CliOutput): Promise<number> {
  const source = singleDirectoryArgument(args, RESTORE_USAGE, output);
  if (source === undefined) return 2;
  if (config.EVENT_STORE !== 'sqlite') return refuse(output, 'restore writes the embedded SQLite store; EVENT_STORE is not sqlite');
  const manifest = readManifest(source);
  if (typeof manifest === 'string') return refuse(output, manifest);
  const occupied = [config.sqliteFile, ...(manifest.customerKeys ? [config.customerKeysFile] : [])].filter((file) => existsSync(file));
  if (occupied.length > 0) return refuse(output, `${occupied.join(' and ')} already exist(s); restore into an empty DATA_DIR (move the old files aside first)`);
  for (const file of [manifest.events, ...(manifest.customerKeys ? [manifest.customerKeys] : [])]) {
    const actual = await described(source, file.file);
    if (actual.sha256 !== file.sha256 || actual.bytes !== file.bytes) return refuse(output, `${file.file} does not match its checksum in ${MANIFEST}: the backup is damaged`, 1);
  }

  copyDurably(join(source, EVENTS_FILE), config.sqliteFile);
  if (manifest.customerKeys) copyDurably(join(source, KEYS_FILE), config.customerKeysFile);
  const verified = await verifiedStore(config.sqliteFile, output);
  if (verified === undefined) return 1;
  if (verified.count !== manifest.events.count || verified.headPosition.toString() !== manifest.events.headPosition) {
    return refuse(output, `restored ${verified.count} events up to ${verified.headPosition}, the manifest says ${manifest.events.count} up to ${manifest.events.headPosition}`, 1);
  }
  output.stdout.write(
    `RESTORED: ${verified.count} events up to position ${verified.headPosition}, hash chains valid, into ${config.dataDir}; the API rebuilds its read models on start\n`,
  );
  return 0;
}

function singleDirectoryArgument(args: readonly string[], usage: string, output: CliOutput): string | undefined {
  if (args.length === 1 && args[0].length > 0 && !args[0].startsWith('-')) return resolve(args[0]);
  output.stderr.write(`Usage: npm run cli -- ${usage}\n`);
  return undefined;
}

function refuse(output: CliOutput, reason: string, code = 2): number {
  output.stderr.write(`${reason}\n`);
  return code;
}

function snapshot(file: string, destination: string): void {
  const source = new Database(file, { readonly: true, fileMustExist: true });
  try {
    source.prepare('VACUUM INTO ?').run(destination);
  } finally {
    source.close();
  }
  fsyncFile(destination);
}

async function verifiedStore(file: string, output: CliOutput): Promise<{ count: number; headPosition: bigint } | undefined> {
  const { store } = openSqliteEventStore({ file });
  try {
    const report = await verifyStore(store);
    if (!report.valid) {
      for (const { stream, reason } of report.breaks) output.stdout.write(`BROKEN ${stream}: ${reason}\n`);
      output.stderr.write(`${file}: ${report.breaks.length} broken stream(s)\n`);
      return undefined;
    }
    return { count: report.events, headPosition: await store.headPosition() };
  } finally {
    await store.close();
  }
}

/** Hashed as a stream: a store file can be far larger than a buffer may be. */
async function described(directory: string, file: string): Promise<BackedUpFile> {
  const path = join(directory, file);
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return { file, bytes: statSync(path).size, sha256: hash.digest('hex') };
}

function readManifest(directory: string): BackupManifest | string {
  const path = join(directory, MANIFEST);
  if (!existsSync(path)) return `${path} not found: not a Duban backup`;
  const manifest = JSON.parse(readFileSync(path, 'utf8')) as BackupManifest;
  return manifest.format === BACKUP_FORMAT ? manifest : `${path}: unknown backup format ${String(manifest.format)}`;
}

function copyDurably(from: string, to: string): void {
  mkdirSync(dirname(to), { recursive: true });
  const partial = join(dirname(to), `.${basename(to)}.restoring`);
  rmSync(partial, { force: true });
  copyFileSync(from, partial);
  fsyncFile(partial);
  // The rename is the commit: a crash mid-copy leaves no half file under the store's name.
  renameSync(partial, to);
  fsyncFile(dirname(to));
}

function writeDurably(path: string, text: string): void {
  writeFileSync(path, text);
  fsyncFile(path);
}

function fsyncFile(path: string): void {
  const descriptor = openSync(path, 'r');
  try {
    fsyncSync(descriptor);
  } finally {
    closeSync(descriptor);
  }
}
