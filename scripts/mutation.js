#!/usr/bin/env node
// `npm run test:mutation` (docs/mutation.md): the pure parts against their unit specs, then each
// group of services against its own suites (test/mutation/groups.js), then the merged report.
const { spawnSync } = require('node:child_process');
const { join } = require('node:path');
const { GROUPS } = require('../test/mutation/groups');

const root = join(__dirname, '..');
const stryker = join(root, 'node_modules', '.bin', 'stryker');

function run(command, args, env = {}) {
  const started = Date.now();
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  const label = [env.MUTATION_GROUP, ...args].filter(Boolean).join(' ');
  process.stdout.write(`mutation: ${label} took ${((Date.now() - started) / 60000).toFixed(1)} min\n`);
  if (result.status !== 0) process.exit(result.status ?? 1);
}

const started = Date.now();
run(stryker, ['run', 'stryker.unit.config.mjs']);
for (const group of Object.keys(GROUPS)) run(stryker, ['run', 'stryker.config.mjs'], { MUTATION_GROUP: group });
run(process.execPath, [join(__dirname, 'mutation-report.js')]);
process.stdout.write(`mutation: ${((Date.now() - started) / 60000).toFixed(1)} min in all\n`);
