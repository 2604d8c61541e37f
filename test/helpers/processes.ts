import { execFileSync, spawn } from 'node:child_process';
import { join } from 'node:path';
import { BASE_TEST_ENV } from './test-app';

export const ROOT = join(__dirname, '..', '..');

/** The compiled service, as `npm start` and `npm run cli` run it (built when stale). */
export function buildOnce(): void {
  execFileSync(process.execPath, [join(ROOT, 'scripts', 'build-if-stale.js')], { cwd: ROOT, stdio: 'ignore' });
}

export interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a compiled entry point (`dist/src/cli.js`, `dist/src/main.js`) with an environment of its own. */
export function runNode(
  script: string,
  args: string[],
  env: Record<string, string>,
  stdin = '',
  timeoutMs = 30000,
): Promise<Finished> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(ROOT, script), ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', ...BASE_TEST_ENV, ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(stdin);
  });
}
