import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './server';

/** What a build of the server needs from a commit. */
const BUILD_INPUTS = ['src', 'ormconfig.ts', 'tsconfig.json', 'tsconfig.build.json', 'package.json'];

/**
 * The compiled server of an older commit, for an A/B in the same run: its sources from git,
 * compiled with this checkout's TypeScript into a folder outside the repository (so that no test
 * runner or linter of this checkout finds it), with this checkout's node_modules linked in.
 * Built once per commit and kept in the temporary directory. Returns the entry to run.
 */
export function baselineBuild(ref: string, log: (line: string) => void): string {
  const sha = execFileSync('git', ['rev-parse', '--short', `${ref}^{commit}`], { cwd: ROOT })
    .toString()
    .trim();
  const dir = join(tmpdir(), `token-service-baseline-${sha}`);
  const entry = join(dir, 'dist', 'src', 'main.js');
  if (existsSync(entry)) return entry;
  log(`building ${sha} into ${dir} for the A/B`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const archive = execFileSync('git', ['archive', sha, ...BUILD_INPUTS], { cwd: ROOT, maxBuffer: 1 << 28 });
  execFileSync('tar', ['-x', '-C', dir], { input: archive });
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', join(dir, 'tsconfig.build.json')], {
    cwd: dir,
    stdio: 'inherit',
  });
  return entry;
}
