import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';

/** Reads the first line of a piped standard input. */
function readFirstLine(): Promise<string> {
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: process.stdin, terminal: false });
    let done = false;
    lines.once('line', (line) => {
      done = true;
      lines.close();
      resolve(line.replace(/\r$/, ''));
    });
    lines.once('close', () => {
      if (!done) reject(new Error('no password on standard input'));
    });
  });
}

/** Asks on the terminal without echoing what is typed. */
function ask(prompt: string): Promise<string> {
  let muted = false;
  const output = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      if (!muted) process.stdout.write(chunk);
      callback();
    },
  });
  const terminal = createInterface({ input: process.stdin, output, terminal: true });
  return new Promise((resolve) => {
    terminal.question(prompt, (answer) => {
      terminal.close();
      process.stdout.write('\n');
      resolve(answer);
    });
    muted = true;
  });
}

/**
 * The password never comes from argv (it would be in `ps` and shell history): the first line
 * of standard input when it is piped, else a prompt with confirmation.
 */
export async function readPassword(): Promise<string> {
  if (!process.stdin.isTTY) return readFirstLine();
  const password = await ask('Password: ');
  const again = await ask('Password (again): ');
  if (password !== again) throw new Error('the two passwords differ');
  return password;
}
