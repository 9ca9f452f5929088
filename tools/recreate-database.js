#!/usr/bin/env node
// Drops and recreates a database, so a test run starts from its migrations.
const pg = require('pg');

async function main(url) {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1));
  if (!/^[a-z0-9_]*(test|bench)[a-z0-9_]*$/.test(name))
    throw new Error(`refusing to recreate "${name}": only a test or benchmark database`);
  target.pathname = '/postgres';
  const client = new pg.Client({ connectionString: target.toString() });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
}

main(process.argv[2]).catch((error) => {
  console.error(error.message);
  process.exit(1);
});
