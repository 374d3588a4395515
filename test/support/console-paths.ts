import { join } from 'node:path';

/** Where the browser tests find chromium and the console build; free of aliases, for jest's global setup. */
export const CHROMIUM_PATH = '/usr/bin/chromium';
export const CONSOLE_BUILD = join(__dirname, '../../dist/apps/console');
export const CONSOLE_SOURCES = join(__dirname, '../../apps/console');
