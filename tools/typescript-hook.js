// Lets a worker thread started from TypeScript source (the test suites run
// the product from source) load .ts files: compiles them with swc, as Jest
// does, and maps the @bridge/* imports the way tsconfig.json does. Built
// code (dist/) never loads this.
const fs = require('node:fs');
const path = require('node:path');
const Module = require('node:module');
const { transformSync } = require('@swc/core');
const swcOptions = require('./swc-options');

const root = path.join(__dirname, '..');
const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  const alias = /^@bridge\/([^/]+)(.*)$/.exec(request);
  const target = alias ? path.join(root, 'libs', alias[1], 'src', alias[2]) : request;
  return resolveFilename.call(this, target, ...rest);
};

require.extensions['.ts'] = (module, filename) => {
  const { code } = transformSync(fs.readFileSync(filename, 'utf8'), { ...swcOptions, filename });
  module._compile(code, filename);
};
