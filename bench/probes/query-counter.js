// Preloaded into a bench server on MariaDB (`node -r bench/probes/query-counter.js ...`, spawned with
// an IPC channel): counts the statements the server sends through mysql2, by kind, without touching
// the application. Asked with 'bench:queries', it answers the counts since the last ask and resets.
// A write outside START TRANSACTION ... COMMIT commits by itself (autocommit): `commits` counts both.
'use strict';
const { Connection } = require('mysql2');

if (typeof process.send === 'function') {
  let counts = {};
  const inTransaction = new WeakSet();
  const count = (connection, sql) => {
    const text = typeof sql === 'string' ? sql : (sql && sql.sql) || '';
    const kind = (/^\s*(\w+)/.exec(text) || [, 'other'])[1].toUpperCase();
    counts[kind] = (counts[kind] || 0) + 1;
    counts.roundTrips = (counts.roundTrips || 0) + 1;
    if (kind === 'START' || kind === 'BEGIN') inTransaction.add(connection);
    else if (kind === 'COMMIT' || kind === 'ROLLBACK') {
      inTransaction.delete(connection);
      if (kind === 'COMMIT') counts.commits = (counts.commits || 0) + 1;
    } else if (['INSERT', 'UPDATE', 'DELETE', 'REPLACE'].includes(kind) && !inTransaction.has(connection)) {
      counts.commits = (counts.commits || 0) + 1;
    }
  };
  for (const method of ['query', 'execute']) {
    // The prototype that defines it (mysql2's base connection, which pool connections extend).
    let owner = Connection.prototype;
    while (owner && !Object.prototype.hasOwnProperty.call(owner, method)) owner = Object.getPrototypeOf(owner);
    const original = owner[method];
    owner[method] = function (sql, ...rest) {
      count(this, sql);
      return original.call(this, sql, ...rest);
    };
  }
  process.on('message', (message) => {
    if (message !== 'bench:queries') return;
    process.send({ type: 'bench:queries', report: counts });
    counts = {};
  });
  process.channel.unref();
}
