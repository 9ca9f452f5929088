// An app is deployed on its own: code it imports from another app would run in
// a process that was never configured for it (and would tie two release
// cycles together). Shared code lives in libs/. Two places know the apps by
// design: apps/all-in-one, which composes them into one process, and
// libs/testing, which starts them for the end-to-end tests.
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..', '..');

/** 'apps/api' or 'libs/domain' for a file under them, else undefined. */
function areaOf(absolutePath) {
  const [top, name] = path.relative(root, absolutePath).split(path.sep);
  return top === 'apps' || top === 'libs' ? `${top}/${name}` : undefined;
}

const MAY_IMPORT_ANY_APP = new Set(['apps/all-in-one', 'libs/testing']);

/** @type {import('eslint').Rule.RuleModule} */
const noCrossAppImports = {
  meta: {
    type: 'problem',
    docs: { description: 'An app imports only its own code and libs/; a library never imports an app.' },
    messages: {
      crossApp: "{{from}} imports {{to}}'s code ('{{source}}'): move what both need into libs/.",
    },
    schema: [],
  },
  create(context) {
    const from = areaOf(context.filename);
    if (!from || MAY_IMPORT_ANY_APP.has(from)) return {};
    const check = (node, source) => {
      if (typeof source !== 'string' || !source.startsWith('.')) return;
      const to = areaOf(path.resolve(path.dirname(context.filename), source));
      if (to && to !== from && to.startsWith('apps/')) context.report({ node, messageId: 'crossApp', data: { from, to, source } });
    };
    return {
      ImportDeclaration: (node) => check(node, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node, node.source.value),
      ExportAllDeclaration: (node) => check(node, node.source.value),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node, node.source.value),
      CallExpression: (node) =>
        node.callee.type === 'Identifier' &&
        node.callee.name === 'require' &&
        node.arguments[0]?.type === 'Literal' &&
        check(node, node.arguments[0].value),
    };
  },
};

export default { rules: { 'no-cross-app-imports': noCrossAppImports } };
