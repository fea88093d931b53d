// A small local ESLint rule in the spirit of VS Code's `code-import-patterns`: each format
// engine's folder (electron/engine/<name>/) is private to itself; everyone else goes through its
// `index.ts`, except where an allowlist entry names the importing files and what they may reach
// (a worker bundle that must not pull in a whole engine, the tests of an engine's internals).
import { existsSync, statSync } from 'node:fs';
import { dirname, relative, resolve, sep } from 'node:path';

/** `*` matches within one path segment, `**` across segments, `{a,b}` either; everything else is literal. */
export function globToRegExp(glob) {
  let re = '';
  let braces = 0;
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*' && glob[i + 1] === '*') {
      re += '.*';
      i++;
      if (glob[i + 1] === '/') i++;
    } else if (c === '*') re += '[^/]*';
    else if (c === '{') {
      re += '(?:';
      braces++;
    } else if (c === '}' && braces > 0) {
      re += ')';
      braces--;
    }
    else if (c === ',' && braces > 0) re += '|';
    else re += c.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

const matches = (globs, path) => globs.some((g) => globToRegExp(g).test(path));
const SOURCE_EXT = /\.(ts|tsx|mts|js|mjs|cjs)$/;

/** The repository path (posix, extension removed, a folder as its index) an import specifier names. */
function target(root, fromFile, spec) {
  const abs = resolve(dirname(fromFile), spec);
  const isDir = existsSync(abs) && statSync(abs).isDirectory();
  const path = relative(root, isDir ? `${abs}${sep}index` : abs).split(sep).join('/');
  return path.replace(SOURCE_EXT, '');
}

/** @type {import('eslint').Rule.RuleModule} */
export const importPatterns = {
  meta: {
    type: 'problem',
    docs: { description: 'Keeps each engine folder private: import it through its index.ts unless an allowlist entry says otherwise.' },
    schema: [
      {
        type: 'object',
        properties: {
          private: { type: 'string' },
          allow: { type: 'array', items: { type: 'object', properties: { target: { type: 'string' }, may: { type: 'array', items: { type: 'string' } } } } },
        },
      },
    ],
    messages: {
      private: "'{{spec}}' is internal to {{folder}}/: import it through '{{folder}}' (its index.ts), or add an allowlist entry in eslint.config.mjs saying why.",
    },
  },
  create(context) {
    const { private: privateGlob = 'electron/engine/*', allow = [] } = context.options[0] ?? {};
    const root = context.cwd;
    const self = relative(root, context.filename).split(sep).join('/');
    const folderRe = globToRegExp(privateGlob);
    const mine = allow.filter((a) => globToRegExp(a.target).test(self)).flatMap((a) => a.may ?? []);
    /** The private folder (e.g. electron/engine/svclog) holding `path`, if any. */
    const folderOf = (path) => {
      const parts = path.split('/');
      for (let n = 1; n < parts.length; n++) {
        const folder = parts.slice(0, n).join('/');
        if (folderRe.test(folder)) return folder;
      }
      return null;
    };
    const check = (node) => {
      const spec = node?.value;
      if (typeof spec !== 'string' || !spec.startsWith('.')) return;
      const to = target(root, context.filename, spec);
      const folder = folderOf(to);
      if (!folder || to === `${folder}/index` || self.startsWith(`${folder}/`) || matches(mine, to)) return;
      context.report({ node, messageId: 'private', data: { spec, folder } });
    };
    return {
      ImportDeclaration: (n) => check(n.source),
      ExportNamedDeclaration: (n) => n.source && check(n.source),
      ExportAllDeclaration: (n) => check(n.source),
      ImportExpression: (n) => n.source.type === 'Literal' && check(n.source),
    };
  },
};

export default { rules: { 'import-patterns': importPatterns } };
