#!/usr/bin/env node
// Builds the admin console into dist/console/: its TypeScript compiled by tsc to plain ES
// modules (no bundler, no framework), its page, stylesheet and icon copied beside them.
// Nothing to do when the build is newer than every source (`--force` builds anyway).
// Files are built aside and renamed into place one by one, so that a server (or a test suite
// running in parallel) reading dist/console/ never finds it half empty.
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
const source = join(root, 'src', 'console', 'web');
const target = join(root, 'dist', 'console');
const marker = join(target, 'index.html');

const newest = Math.max(...fs.readdirSync(source).map((name) => fs.statSync(join(source, name)).mtimeMs));
if (!process.argv.includes('--force') && fs.existsSync(marker) && fs.statSync(marker).mtimeMs >= newest)
  process.exit(0);

const aside = join(root, 'dist', `console-build-${process.pid}`);
fs.rmSync(aside, { recursive: true, force: true });
fs.mkdirSync(aside, { recursive: true });
execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', source, '--outDir', aside], {
  stdio: 'inherit',
});
for (const name of fs.readdirSync(source)) {
  if (/\.(html|css|svg)$/.test(name) && name !== 'index.html') fs.copyFileSync(join(source, name), join(aside, name));
}
// The page last: its date tells the next build whether anything changed.
fs.copyFileSync(join(source, 'index.html'), join(aside, 'index.html'));
fs.mkdirSync(target, { recursive: true });
const built = fs.readdirSync(aside);
for (const name of built.filter((file) => file !== 'index.html')) fs.renameSync(join(aside, name), join(target, name));
fs.renameSync(join(aside, 'index.html'), marker);
for (const name of fs.readdirSync(target)) if (!built.includes(name)) fs.rmSync(join(target, name), { force: true });
fs.rmSync(aside, { recursive: true, force: true });
