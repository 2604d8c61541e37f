import { readFileSync, writeFileSync } from 'node:fs';

export type Verdict = 'met' | 'MISSED' | 'report' | 'BROKEN' | 'skipped';

/** One line of the table. */
export interface Row {
  scenario: string;
  measure: string;
  result: string;
  target: string;
  verdict: Verdict;
}

export interface Run {
  quick: boolean;
  log(line: string): void;
  rows: Row[];
  /** A scenario that cannot be measured (wrong answers, lost exchanges): non-zero exit. */
  broken(scenario: string, why: string): void;
}

export function createRun(quick: boolean): Run {
  const rows: Row[] = [];
  return {
    quick,
    rows,
    log: (line) => process.stdout.write(`bench: ${line}\n`),
    broken(scenario, why) {
      rows.push({ scenario, measure: 'broken', result: why, target: '', verdict: 'BROKEN' });
      process.stdout.write(`bench: BROKEN ${scenario}: ${why}\n`);
    },
  };
}

/** `>= 0.7` style targets: met or missed, or a plain report where there is no target. */
export function verdict(value: number, op: '>=' | '<=' | '<', limit: number): Verdict {
  const ok = op === '>=' ? value >= limit : op === '<=' ? value <= limit : value < limit;
  return ok ? 'met' : 'MISSED';
}

export const fixed = (value: number, digits = 2): string => value.toFixed(digits);
export const perSecond = (value: number): string => `${Math.round(value).toLocaleString('en-US')}/s`;

export function markdownTable(rows: Row[]): string {
  const lines = ['| scenario | measure | result | target | verdict |', '|---|---|---|---|---|'];
  for (const row of rows) {
    const cells = [row.scenario, row.measure, row.result, row.target, row.verdict];
    lines.push(`| ${cells.map((cell) => cell.replace(/\|/g, '\\|')).join(' | ')} |`);
  }
  return lines.join('\n');
}

const BEGIN = '<!-- bench:results:begin (written by npm run bench) -->';
const END = '<!-- bench:results:end -->';

/**
 * Replaces the generated part of BENCHMARKS.md and keeps everything else (the method, the
 * optimisation log), so that a re-run never erases the history written by hand.
 */
export function writeBenchmarks(file: string, generated: string): void {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    text = `# Benchmarks\n\n${BEGIN}\n${END}\n`;
  }
  const start = text.indexOf(BEGIN);
  const end = text.indexOf(END);
  const block = `${BEGIN}\n${generated.trim()}\n${END}`;
  const next =
    start >= 0 && end > start ? text.slice(0, start) + block + text.slice(end + END.length) : `${text}\n${block}\n`;
  writeFileSync(file, next);
}
