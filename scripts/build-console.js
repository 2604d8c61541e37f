#!/usr/bin/env node
// Builds the admin console into dist/console/: its TypeScript compiled by tsc to plain ES
// modules (no bundler, no framework), its page, stylesheet and icon copied beside them.
const { execFileSync } = require('node:child_process');
const { copyFileSync, mkdirSync, readdirSync, rmSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
const source = join(root, 'src', 'console', 'web');
const target = join(root, 'dist', 'console');

rmSync(target, { recursive: true, force: true });
mkdirSync(target, { recursive: true });
execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', source], { stdio: 'inherit' });
for (const name of readdirSync(source)) {
  if (/\.(html|css|svg)$/.test(name)) copyFileSync(join(source, name), join(target, name));
}
