import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildOnce, ROOT, Running, startNode } from '../../support/processes';
import { BASE_TEST_ENV } from '../../support/test-app';

/**
 * The README's walkthrough, pasted in order into one bash session as a reader would, against the
 * compiled server on a fresh SQLite file. ```sh and ```bash blocks run; other fences (```shell for
 * `npm install && npm start`) do not. A comment line ending in `STATUS {json}` documents the answer
 * of the next curl call, where the string "..." stands for any string and `[...]` for any array;
 * `# prints: TEXT` documents a line the block writes.
 */

interface Documented {
  status: number;
  body: unknown;
  line: string;
}

interface Answer {
  status: number;
  body: string;
}

const README = readFileSync(join(ROOT, 'README.md'), 'utf8');
const blocks = [...README.matchAll(/^```(sh|bash)\n([\s\S]*?)^```$/gm)].map((match) => match[2]);
const comments = blocks.flatMap((block) => block.split('\n').filter((line) => line.startsWith('#')));
const documented: Documented[] = comments.flatMap((line) => {
  const match = /\b(\d{3}) (\{.*\})$/.exec(line);
  if (!match) return [];
  const json = match[2].replace(/\[\.\.\.\]/g, '"[...]"');
  return [{ status: Number(match[1]), body: JSON.parse(json) as unknown, line }];
});
const printed = comments.flatMap((line) => /^# prints: (.+)$/.exec(line)?.[1] ?? []);

/** Records each curl call's status and body on fd 3 and prints the body as curl would. */
const RECORDING_CURL = `
curl() {
  local out
  out=$(command curl "$@" -w '\\n%{http_code}')
  local status=\${out##*$'\\n'}
  local body=\${out%$'\\n'*}
  printf '%s %s\\n' "$status" "$body" >&3
  printf '%s\\n' "$body"
}
`;

function matches(expected: unknown, actual: unknown): boolean {
  if (expected === '...') return typeof actual === 'string' && actual.length > 0;
  if (expected === '[...]') return Array.isArray(actual);
  if (Array.isArray(expected)) {
    return (
      Array.isArray(actual) &&
      expected.length === actual.length &&
      expected.every((item, index) => matches(item, actual[index]))
    );
  }
  if (expected !== null && typeof expected === 'object') {
    if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) return false;
    const want = expected as Record<string, unknown>;
    const got = actual as Record<string, unknown>;
    const keys = Object.keys(want);
    return keys.length === Object.keys(got).length && keys.every((key) => matches(want[key], got[key]));
  }
  return expected === actual;
}

function runBash(
  script: string,
  env: Record<string, string>,
): Promise<{ code: number | null; stdout: string; answers: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['-c', script], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? tmpdir(), ...env },
      stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let answers = '';
    child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    (child.stdio[3] as NodeJS.ReadableStream).on('data', (chunk: Buffer) => (answers += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 170000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, answers });
    });
  });
}

describe('the README walkthrough', () => {
  let dir: string;
  let server: Running;
  let env: Record<string, string>;

  beforeAll(async () => {
    buildOnce();
    dir = mkdtempSync(join(tmpdir(), 'readme-walkthrough-'));
    env = { ...BASE_TEST_ENV, DATABASE_URL: `sqlite:${join(dir, 'auth.sqlite')}` };
    server = startNode('dist/src/main.js', { ...env, HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'info' });
    const port = (await server.waitFor(/listening on http:\/\/127\.0\.0\.1:(\d+)/))[1];
    env.BASE = `http://127.0.0.1:${port}`;
  }, 300000);

  afterAll(async () => {
    server?.child.kill('SIGTERM');
    await server?.exited;
    rmSync(dir, { recursive: true, force: true });
  });

  it('documents its answers and runs the install commands in a fence of their own', () => {
    expect(blocks.length).toBeGreaterThanOrEqual(3);
    expect(documented.length).toBeGreaterThanOrEqual(6);
    expect(printed).toEqual(['created user alice (id 1)']);
    expect(blocks.join('\n')).not.toMatch(/npm (install|start|test)\b/);
    expect(README).toMatch(/^```shell\nnpm install && npm start/m);
  });

  it('gives every documented answer when its blocks are pasted in order', async () => {
    const script = ['set -eo pipefail', RECORDING_CURL, ...blocks].join('\n');
    const run = await runBash(script, env);
    expect({ code: run.code, output: run.code === 0 ? '' : run.stdout }).toEqual({ code: 0, output: '' });

    for (const line of printed) expect(run.stdout).toContain(line);

    const answers: Answer[] = run.answers
      .trim()
      .split('\n')
      .map((line) => ({ status: Number(line.slice(0, 3)), body: line.slice(4) }));
    expect(answers).toHaveLength(documented.length);
    documented.forEach((expected, index) => {
      const actual = answers[index];
      const body: unknown = actual.body === '' ? null : JSON.parse(actual.body);
      const seen = { line: expected.line, status: actual.status, matches: matches(expected.body, body), body };
      expect(seen).toEqual({ line: expected.line, status: expected.status, matches: true, body });
    });
  }, 180000);
});
