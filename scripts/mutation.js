#!/usr/bin/env node
// `npm run test:mutation` (docs/mutation.md): the pure parts against their unit specs, then each
// group of services against its own suites (test/mutation/groups.js), then the merged report.
const { spawnSync } = require('node:child_process');
const { readFileSync } = require('node:fs');
const { join } = require('node:path');
const { GROUPS, UNIT_MUTATE } = require('../test/mutation/groups');

const root = join(__dirname, '..');
const stryker = join(root, 'node_modules', '.bin', 'stryker');

function run(command, args, env = {}) {
  const started = Date.now();
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  const label = [env.MUTATION_GROUP, ...args].filter(Boolean).join(' ');
  process.stdout.write(`mutation: ${label} took ${((Date.now() - started) / 60000).toFixed(1)} min\n`);
  if (result.status !== 0) process.exit(result.status ?? 1);
}

// The TypeScript checker passes every mutant of a file outside its project, uncompiled.
const checked = new Set(JSON.parse(readFileSync(join(root, 'tsconfig.mutation.json'), 'utf8')).files);
const unchecked = [...UNIT_MUTATE, ...Object.values(GROUPS).flatMap((group) => group.mutate)].filter(
  (file) => !checked.has(file),
);
if (unchecked.length > 0) {
  process.stderr.write(`mutation: add to tsconfig.mutation.json's files: ${unchecked.join(', ')}\n`);
  process.exit(1);
}

const started = Date.now();
run(stryker, ['run', 'stryker.unit.config.mjs']);
for (const group of Object.keys(GROUPS)) run(stryker, ['run', 'stryker.config.mjs'], { MUTATION_GROUP: group });
run(process.execPath, [join(__dirname, 'mutation-report.js')]);
process.stdout.write(`mutation: ${((Date.now() - started) / 60000).toFixed(1)} min in all\n`);
