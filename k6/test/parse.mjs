#!/usr/bin/env node
// Checks that the k6 scripts are valid ES modules, without k6 (and without dependencies).
//
//   node k6/test/parse.mjs            every k6/*.js and k6/lib/*.js
//   node k6/test/parse.mjs FILE...    only these files
//
// 1. Syntax: each file goes through `node --input-type=module --check` on stdin. That parses the
//    source as a module (strict mode, import/export allowed) and never resolves the imports, so
//    'k6', 'k6/http', 'k6/execution' and 'k6/metrics' need not exist here.
// 2. Imports: only k6 built-ins ('k6', 'k6/...') and relative files, which must exist and export
//    every name imported from them.
// 3. Scripts (k6/*.js, not lib/): export `options` and a default function.
// Exits 1 listing every failure.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const k6Dir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const listJs = (dir) => readdirSync(dir).filter((f) => f.endsWith('.js')).sort().map((f) => join(dir, f));
const files = process.argv.length > 2
  ? process.argv.slice(2).map((f) => resolve(f))
  : [...listJs(k6Dir), ...listJs(join(k6Dir, 'lib'))];

function exportedNames(source) {
  const names = new Set();
  for (const m of source.matchAll(/export\s+(?:async\s+)?(?:function\*?|const|let|var|class)\s+([A-Za-z_$][\w$]*)/g)) {
    names.add(m[1]);
  }
  for (const m of source.matchAll(/export\s*\{([^}]*)\}/g)) {
    for (const part of m[1].split(',')) {
      const name = part.trim().split(/\s+as\s+/).pop();
      if (name) names.add(name);
    }
  }
  if (/export\s+default\b/.test(source)) names.add('default');
  return names;
}

function checkFile(file) {
  const problems = [];
  if (!existsSync(file)) return [`no such file`];
  const source = readFileSync(file, 'utf8');

  const syntax = spawnSync(process.execPath, ['--input-type=module', '--check'], { input: source, encoding: 'utf8' });
  if (syntax.status !== 0) {
    const detail = syntax.stderr.split('\n').filter((l) => l && !/^\s+at |^Node\.js v/.test(l)).join('\n    ');
    problems.push(`syntax error:\n    ${detail}`);
    return problems; // the import checks below assume parseable source
  }

  for (const m of source.matchAll(/import\s+(?:([\w$]+)\s*,?\s*)?(?:\{([^}]*)\})?\s*(?:\*\s+as\s+[\w$]+\s*)?from\s*['"]([^'"]+)['"]/g)) {
    const [, defaultName, named, spec] = m;
    if (spec === 'k6' || spec.startsWith('k6/')) continue;
    if (!spec.startsWith('./') && !spec.startsWith('../')) {
      problems.push(`imports '${spec}': k6 loads only its built-ins and relative files`);
      continue;
    }
    const target = resolve(dirname(file), spec);
    if (!existsSync(target)) {
      problems.push(`imports '${spec}', which does not exist`);
      continue;
    }
    const exported = exportedNames(readFileSync(target, 'utf8'));
    const wanted = (named || '').split(',').map((p) => p.trim().split(/\s+as\s+/)[0]).filter(Boolean);
    if (defaultName) wanted.push('default');
    for (const name of wanted) {
      if (!exported.has(name)) problems.push(`imports '${name}' from '${spec}', which does not export it`);
    }
  }

  if (dirname(file) === k6Dir) {
    const exported = exportedNames(source);
    if (!exported.has('options')) problems.push('a k6 script must export `options`');
    if (!exported.has('default')) problems.push('a k6 script must export a default function');
  }
  return problems;
}

let failed = 0;
for (const file of files) {
  const problems = checkFile(file);
  const name = relative(process.cwd(), file) || basename(file);
  if (problems.length === 0) {
    console.log(`ok    ${name}`);
  } else {
    failed++;
    console.log(`FAIL  ${name}`);
    for (const p of problems) console.log(`  - ${p}`);
  }
}
if (files.length === 0) {
  console.log('no k6 scripts found');
  process.exit(1);
}
console.log(failed ? `\n${failed} of ${files.length} files failed` : `\nall ${files.length} files parse as ES modules`);
process.exit(failed ? 1 : 0);
