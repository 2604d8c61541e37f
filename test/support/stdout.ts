/** What `run` writes to process.stdout, kept from the real one; `flush` runs before stdout is given back. */
export function stdoutOf(run: () => void, flush: () => void = () => undefined): string {
  const chunks: string[] = [];
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = (chunk: string | Uint8Array): boolean => {
    chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    return true;
  };
  try {
    run();
    flush();
  } finally {
    process.stdout.write = write;
  }
  return chunks.join('');
}

/** The JSON lines of a log text. */
export function jsonLinesOf(text: string): Array<Record<string, unknown>> {
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}
