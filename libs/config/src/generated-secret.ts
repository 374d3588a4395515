import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * The secret in `file`, generated on first use: outside production a data directory keeps its own
 * secrets across restarts and processes. 'wx' loses the race gracefully: another process created
 * the file first, so read theirs.
 */
export function readOrCreateSecret(file: string, generate: () => string): string {
  try {
    return readFileSync(file, 'utf8').trim();
  } catch {
    const secret = generate();
    mkdirSync(dirname(file), { recursive: true });
    try {
      writeFileSync(file, secret, { mode: 0o600, flag: 'wx' });
      return secret;
    } catch {
      return readFileSync(file, 'utf8').trim();
    }
  }
}
