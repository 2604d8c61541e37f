#!/usr/bin/env node
// `npm start` and `npm run cli` run the compiled server; build it first when any source is
// newer than the build, so that `npm install && npm start` needs no other step.
const { execFileSync } = require('node:child_process');
const { existsSync, readdirSync, statSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
const marker = join(root, 'dist', 'src', 'main.js');

function newestMtime(path) {
  const stats = statSync(path);
  if (!stats.isDirectory()) return stats.mtimeMs;
  return readdirSync(path).reduce((newest, name) => Math.max(newest, newestMtime(join(path, name))), stats.mtimeMs);
}

const sources = ['src', 'ormconfig.ts', 'tsconfig.json', 'tsconfig.build.json', 'package.json'].map((p) =>
  join(root, p),
);
const stale = !existsSync(marker) || sources.some((p) => existsSync(p) && newestMtime(p) > statSync(marker).mtimeMs);
if (stale) {
  process.stderr.write('Building the service (sources changed since the last build)...\n');
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', join(root, 'tsconfig.build.json')], {
    stdio: 'inherit',
  });
}
// The admin console (served at /admin/) is built beside the server, from src/console/web/.
if (stale || !existsSync(join(root, 'dist', 'console', 'index.html'))) {
  execFileSync(process.execPath, [join(__dirname, 'build-console.js')], { stdio: 'inherit' });
}
