import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { CHROMIUM_PATH, CONSOLE_BUILD, CONSOLE_SOURCES } from '../support/console-paths';

function newestSource(dir: string): number {
  return Math.max(
    ...readdirSync(dir, { withFileTypes: true }).map((entry) => {
      const path = join(dir, entry.name);
      return entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs;
    }),
  );
}

/** The browser tests run the console as built: build it when missing or older than its sources. */
export default function browserGlobalSetup(): void {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `\n\n#### ${CHROMIUM_PATH} is missing: run \`node scripts/prepare-environment.mjs --browser\` (as root it installs Debian's chromium) or \`apt-get install chromium\`. ####\n`,
    );
  }
  const index = join(CONSOLE_BUILD, 'index.html');
  if (existsSync(index) && statSync(index).mtimeMs >= newestSource(CONSOLE_SOURCES)) return;
  console.log('\n[browser tests] building the web console (npm run build:console)…');
  // jest sets NODE_ENV=test, which would bundle React's development build.
  execFileSync('npm', ['run', '--silent', 'build:console'], { cwd: join(CONSOLE_SOURCES, '../..'), stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } });
}
