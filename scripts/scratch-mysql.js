#!/usr/bin/env node
'use strict';
/**
 * Throwaway MySQL/MariaDB databases for the e2e suites, the benchmarks and CI, made in one place.
 *
 *   node scripts/scratch-mysql.js create <baseUrl> <name>   prints the URL of the new database
 *   node scripts/scratch-mysql.js drop <baseUrl> <prefix>   drops every database named <prefix>...
 *
 * <baseUrl> is any mysql:// (or mariadb://) URL of the server; its path is ignored.
 */
const { createConnection } = require('mysql2/promise');

const NAME = /^[A-Za-z0-9_$]{1,64}$/;
const SYSTEM = new Set(['information_schema', 'mysql', 'performance_schema', 'sys']);

function checkName(what, value) {
  if (!NAME.test(value)) throw new Error(`${what} must be 1-64 characters of A-Z a-z 0-9 _ $, got "${value}"`);
  return value;
}

async function onServer(baseUrl, work) {
  const url = new URL(baseUrl);
  const connection = await createConnection({
    uri: `mysql://${url.username}:${url.password}@${url.host}/`,
    connectTimeout: 10000,
  });
  try {
    return await work(connection);
  } finally {
    await connection.end();
  }
}

/** Creates database `name` (utf8mb4, as the service's own); resolves to its URL. */
async function createDatabase(baseUrl, name) {
  checkName('name', name);
  await onServer(baseUrl, (connection) =>
    connection.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci`),
  );
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Drops every database whose name starts with `prefix`; resolves to the names dropped. */
async function dropDatabases(baseUrl, prefix) {
  checkName('prefix', prefix);
  return onServer(baseUrl, async (connection) => {
    const [rows] = await connection.query('SHOW DATABASES');
    const names = rows
      .map((row) => Object.values(row)[0])
      .filter((name) => name.startsWith(prefix) && !SYSTEM.has(name));
    for (const name of names) await connection.query(`DROP DATABASE IF EXISTS \`${name}\``);
    return names;
  });
}

/** Drops database `name` alone, if it exists. */
async function dropDatabase(baseUrl, name) {
  checkName('name', name);
  await onServer(baseUrl, (connection) => connection.query(`DROP DATABASE IF EXISTS \`${name}\``));
}

module.exports = { createDatabase, dropDatabases, dropDatabase };

async function main([command, baseUrl, name]) {
  if (command === 'create' && baseUrl && name) {
    process.stdout.write(`${await createDatabase(baseUrl, name)}\n`);
  } else if (command === 'drop' && baseUrl && name) {
    for (const dropped of await dropDatabases(baseUrl, name)) process.stdout.write(`dropped ${dropped}\n`);
  } else {
    process.stderr.write('usage: scratch-mysql.js create <baseUrl> <name> | drop <baseUrl> <prefix>\n');
    process.exitCode = 2;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((error) => {
    process.stderr.write(`scratch-mysql: ${error.message}\n`);
    process.exitCode = 1;
  });
}
