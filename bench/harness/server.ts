import { ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

export const ROOT = join(__dirname, '..', '..');

/** USER_HZ, the unit of /proc/<pid>/stat times: 100 on every Linux this runs on. */
const CLOCK_TICKS = 100;

/** 64 bytes, bench-only: the harness signs tokens with it as the server does. */
export const BENCH_SIGNING_KEY = 'bench-signing-key-0123456789abcdef-bench-signing-key-0123456789ab';

/** What the event-loop probe (bench/probes/eventloop-probe.js) writes, in milliseconds. */
export interface LoopDelay {
  count: number;
  p50: number;
  p99: number;
  max: number;
}

export interface ServerOptions {
  databaseUrl: string;
  env?: Record<string, string>;
  /** Directory for `node --cpu-prof` output (`--profile=DIR`). */
  cpuProfileDir?: string;
  /** `node --expose-gc`, so that `memory()` can collect before it measures. */
  exposeGc?: boolean;
  /** What node runs instead of `dist/src/main.js` (the ceiling's bare app); the probe is still preloaded. */
  entry?: string[];
}

/** `process.memoryUsage()` in the server before and after a full collection (same when no GC is exposed). */
export interface MemoryReport {
  before: NodeJS.MemoryUsage;
  after: NodeJS.MemoryUsage;
  /** V8's heap spaces after the collection: their reserved size and what is in use. */
  spaces: Record<string, { size: number; used: number }>;
}

/** The server's environment, also given to the flush harness (the same settings as the CLI would get). */
export function serverEnvironment(databaseUrl: string, env: Record<string, string> = {}): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '',
    NODE_ENV: 'production',
    // Production requires the external address; nothing in the bench follows it.
    PUBLIC_URL: 'http://127.0.0.1',
    JWT_SIGNING_KEY: BENCH_SIGNING_KEY,
    DATABASE_URL: databaseUrl,
    LOG_LEVEL: 'warn',
    // One client IP sends every request here: the per-IP limit is not what is measured.
    LOGIN_IP_MAX_PER_MINUTE: '10000000',
    ...env,
  };
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/**
 * The compiled server (`dist/src/main.js`) in a process of its own, as `npm start` runs it,
 * with the event-loop probe preloaded: the probe adds no route, it answers over IPC.
 */
export class BenchServer {
  private stderr = '';

  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
  ) {
    child.stderr?.on('data', (chunk: Buffer) => (this.stderr = (this.stderr + chunk.toString()).slice(-4000)));
  }

  static async start(options: ServerOptions): Promise<BenchServer> {
    const port = await freePort();
    const profile = options.cpuProfileDir ? ['--cpu-prof', `--cpu-prof-dir=${options.cpuProfileDir}`] : [];
    const gc = options.exposeGc ? ['--expose-gc'] : [];
    const child = spawn(
      process.execPath,
      [
        ...profile,
        ...gc,
        '-r',
        join(ROOT, 'bench', 'probes', 'eventloop-probe.js'),
        ...(options.entry ?? [join(ROOT, 'dist', 'src', 'main.js')]),
      ],
      {
        cwd: ROOT,
        env: { ...serverEnvironment(options.databaseUrl, options.env), HOST: '127.0.0.1', PORT: String(port) },
        stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      },
    );
    const server = new BenchServer(child, `http://127.0.0.1:${port}`);
    await server.waitUntilLive();
    return server;
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  private async waitUntilLive(): Promise<void> {
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      if (this.child.exitCode !== null) throw new Error(`server exited ${this.child.exitCode}: ${this.stderr}`);
      try {
        if ((await fetch(`${this.url}/health/live`)).ok) return;
      } catch {
        // Not listening yet.
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`server did not answer within 60 s: ${this.stderr}`);
  }

  /** CPU time the server has used so far (user + system, from /proc), in seconds. */
  cpuSeconds(): number {
    // Fields after the parenthesised command name; utime and stime are the 14th and 15th of the line.
    const fields = readFileSync(`/proc/${this.pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  }

  /** Resident set size from /proc, in MiB. */
  rssMiB(): number {
    const status = readFileSync(`/proc/${this.pid}/status`, 'utf8');
    const kib = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
    return kib / 1024;
  }

  /** The probe's histogram since the last call (each call starts a new one). */
  loopDelay(): Promise<LoopDelay> {
    return this.ask<LoopDelay>('bench:eventloop');
  }

  /** Memory inside the server, from the probe (after a full GC when `exposeGc`). */
  memory(): Promise<MemoryReport> {
    return this.ask<MemoryReport>('bench:memory');
  }

  /** A report from a preloaded probe over IPC (the event-loop probe, or another one a bench preloads). */
  ask<Report>(type: string): Promise<Report> {
    const answer = new Promise<Report>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the probe did not answer ${type}`)), 10_000);
      const listen = (message: { type?: string; report?: Report }) => {
        if (message?.type !== type || message.report === undefined) return;
        clearTimeout(timer);
        this.child.off('message', listen);
        resolve(message.report);
      };
      this.child.on('message', listen);
    });
    this.child.send(type);
    return answer;
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = once(this.child, 'exit');
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(timer);
  }
}
