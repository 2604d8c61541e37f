import { Injectable } from '@nestjs/common';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, extname, join } from 'node:path';
import { ApiError } from '../http/api.error';

export interface ConsoleAsset {
  body: Buffer;
  type: string;
}

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};

/** The package root: the compiled server runs from dist/src/, the tests from src/. */
function packageRoot(from: string): string {
  let folder = from;
  while (!existsSync(join(folder, 'package.json'))) {
    const parent = dirname(folder);
    if (parent === folder) return from;
    folder = parent;
  }
  return folder;
}

/** Where `npm run build` puts the console (scripts/build-console.js). */
export const CONSOLE_BUILD_DIR = join(packageRoot(__dirname), 'dist', 'console');

/**
 * The console's files, read into memory on first use (a few dozen kilobytes). Only the files of
 * the build folder itself are served, looked up by exact name: no path ever reaches the disk.
 */
@Injectable()
export class ConsoleAssets {
  private files?: Map<string, ConsoleAsset>;

  get(name: string): ConsoleAsset {
    const asset = this.load().get(name);
    if (!asset) throw ApiError.notFound();
    return asset;
  }

  private load(): Map<string, ConsoleAsset> {
    if (this.files) return this.files;
    if (!existsSync(join(CONSOLE_BUILD_DIR, 'index.html'))) {
      throw new ApiError('service_unavailable', 'The admin console is not built: run `npm run build`.');
    }
    const files = new Map<string, ConsoleAsset>();
    for (const name of readdirSync(CONSOLE_BUILD_DIR)) {
      const type = TYPES[extname(name)];
      if (type) files.set(name, { body: readFileSync(join(CONSOLE_BUILD_DIR, name)), type });
    }
    this.files = files;
    return files;
  }
}
