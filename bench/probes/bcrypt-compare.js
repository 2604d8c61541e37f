// The baseline of the login scenario: raw bcrypt.compare at the hash's cost, `concurrency`
// comparisons in flight at any time for `seconds`, in a process of its own (so it gets the same
// libuv pool as the server: UV_THREADPOOL_SIZE is inherited alike). Prints {count, perSecond}.
'use strict';
const bcrypt = require('bcrypt');

const [concurrency, seconds, hash, password] = process.argv.slice(2);
const deadline = Date.now() + Number(seconds) * 1000;
let count = 0;

async function worker() {
  while (Date.now() < deadline) {
    if (!(await bcrypt.compare(password, hash))) throw new Error('the bench password does not match its hash');
    // Counted as autocannon counts responses: only those that finish within the duration.
    if (Date.now() <= deadline) count++;
  }
}

Promise.all(Array.from({ length: Number(concurrency) }, worker)).then(
  () => process.stdout.write(`${JSON.stringify({ count, perSecond: count / Number(seconds) })}\n`),
  (error) => {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  },
);
