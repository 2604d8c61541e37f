#!/usr/bin/env node
// Last step of `npm run test:mutation`: merges the reports of the Stryker runs into
// reports/mutation/mutation.json, prints each mutated file's score, and fails when one is
// under the minimum (90%, as docs/mutation.md says).
const { readdirSync, readFileSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

const MINIMUM = 90;
const dir = join(__dirname, '..', 'reports', 'mutation');
const { GROUPS } = require('../test/mutation/groups');
const names = ['unit.json', ...Object.keys(GROUPS).map((group) => `http-${group}.json`)];
const missing = names.filter((name) => !readdirSync(dir).includes(name));
if (missing.length > 0) {
  process.stderr.write(`missing reports: ${missing.join(', ')}\n`);
  process.exit(1);
}
const parts = names.map((name) => JSON.parse(readFileSync(join(dir, name), 'utf8')));

const merged = { ...parts[0], files: {}, testFiles: {} };
for (const part of parts) {
  Object.assign(merged.files, part.files);
  Object.assign(merged.testFiles, part.testFiles ?? {});
}
writeFileSync(join(dir, 'mutation.json'), JSON.stringify(merged));

const DETECTED = new Set(['Killed', 'Timeout']);
const UNDETECTED = new Set(['Survived', 'NoCoverage']);
let failed = false;
const rows = Object.entries(merged.files)
  .sort(([a], [b]) => a.localeCompare(b))
  .map(([file, { mutants }]) => {
    const count = (statuses) => mutants.filter((mutant) => statuses.has(mutant.status)).length;
    const detected = count(DETECTED);
    const undetected = count(UNDETECTED);
    const ignored = count(new Set(['Ignored']));
    const score = detected + undetected === 0 ? 100 : (100 * detected) / (detected + undetected);
    if (score < MINIMUM) failed = true;
    return `${score.toFixed(1).padStart(6)}%  ${String(detected).padStart(4)} killed  ${String(undetected).padStart(3)} survived  ${String(ignored).padStart(3)} ignored  ${file}`;
  });
process.stdout.write(`Mutation score per file (minimum ${MINIMUM}%):\n${rows.join('\n')}\n`);
if (failed) {
  process.stderr.write(`A file scores under ${MINIMUM}%: see reports/mutation/mutation.json\n`);
  process.exit(1);
}
