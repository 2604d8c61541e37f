#!/usr/bin/env node
// `npm audit --omit=dev` that fails on a high or critical advisory in a production
// dependency. Some registries (mirrors, proxies) offer no advisory endpoint and answer the
// audit request with an error: then nothing can be checked, which is said plainly, and the
// exit is 0 unless AUDIT_REQUIRED=1, so that such a registry does not block every build.
const { spawnSync } = require('node:child_process');

const run = spawnSync('npm', ['audit', '--omit=dev', '--json'], { encoding: 'utf8' });
let report = null;
try {
  report = JSON.parse(run.stdout);
} catch {
  report = null;
}

if (!report || !report.metadata || !report.metadata.vulnerabilities) {
  const reason = (report && report.message) || run.stderr.trim().split('\n').pop() || `exit ${run.status}`;
  process.stdout.write(
    `npm audit: no advisory report from the registry (${reason}); production dependencies NOT checked\n`,
  );
  process.exit(process.env.AUDIT_REQUIRED === '1' ? 1 : 0);
}

const counts = report.metadata.vulnerabilities;
process.stdout.write(
  `npm audit --omit=dev: ${counts.critical} critical, ${counts.high} high, ${counts.moderate} moderate, ${counts.low} low\n`,
);
const blocking = Object.entries(report.vulnerabilities || {}).filter(([, finding]) =>
  ['high', 'critical'].includes(finding.severity),
);
for (const [name, finding] of blocking) {
  process.stdout.write(
    `  ${finding.severity}: ${name} ${finding.range || ''} (${finding.fixAvailable ? 'fix available' : 'no fix yet'})\n`,
  );
}
process.exit(blocking.length > 0 ? 1 : 0);
