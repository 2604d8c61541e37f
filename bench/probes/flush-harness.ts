/**
 * Runs what `flush-expired-tokens` runs - SessionCleanup.flushExpired() in the CLI's own module,
 * compiled (dist/) - and times every SQL statement it sends through a TypeORM `afterQuery`
 * subscriber. Prints one JSON line: rows deleted, total time, statements and the longest one.
 * Its own process, spawned by the bench with DATABASE_URL set, like the command.
 */
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { AfterQueryEvent, DataSource } from 'typeorm';

const DIST = join(__dirname, '..', '..', 'dist', 'src');

export interface FlushReport {
  deleted: number;
  totalMs: number;
  statements: number;
  longestMs: number;
  longestSql: string;
}

async function main(): Promise<void> {
  const { CliModule } = (await import(join(DIST, 'cli', 'cli.module.js'))) as typeof import('../../src/cli/cli.module');
  const { SessionCleanup } = (await import(
    join(DIST, 'sessions', 'session.cleanup.js')
  )) as typeof import('../../src/sessions/session.cleanup');
  const context = await NestFactory.createApplicationContext(CliModule, { logger: ['error'] });
  const timings: Array<{ ms: number; sql: string }> = [];
  let recording = false;
  context.get(DataSource).subscribers.push({
    afterQuery(event: AfterQueryEvent) {
      if (recording) timings.push({ ms: event.executionTime ?? 0, sql: event.query });
    },
  });
  recording = true;
  const started = performance.now();
  const deleted = await context.get(SessionCleanup).flushExpired();
  const totalMs = performance.now() - started;
  recording = false;
  await context.close();
  const longest = timings.reduce((a, b) => (b.ms > a.ms ? b : a), { ms: 0, sql: '' });
  const report: FlushReport = {
    deleted,
    totalMs: Math.round(totalMs),
    statements: timings.length,
    longestMs: longest.ms,
    // The id list of a DELETE is a thousand placeholders: the shape is what matters.
    longestSql: longest.sql.replace(/(\?|\$\d+|:\w+)(, ?(\?|\$\d+|:\w+))+/g, '?, ...').slice(0, 200),
  };
  process.stdout.write(`${JSON.stringify(report)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
