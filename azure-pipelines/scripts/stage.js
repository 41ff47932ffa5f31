// Assembles target/dist, the extension's root as tfx packs it: per task its task.json, icon, compiled JavaScript
// (js/<Task>/ and the shared js/common/) and a node_modules holding only the packages its code requires, with their
// own dependencies (each task is copied to the agent on its own, so none can share another's). Types, source maps
// and Markdown are left out.
'use strict';
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..');
const build = path.join(root, 'target', 'build', 'src');
const dist = path.join(root, 'target', 'dist');

function copyDir(from, to, skip) {
  fs.mkdirSync(to, { recursive: true });
  for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
    const src = path.join(from, entry.name);
    if (skip(src, entry)) {
      continue;
    }
    const dest = path.join(to, entry.name);
    if (entry.isDirectory()) {
      copyDir(src, dest, skip);
    } else if (entry.isFile()) {
      fs.copyFileSync(src, dest);
    }
  }
}

/** The packages a task's compiled code requires by bare name (first path segment, scoped names kept). */
function requiredPackages(dir) {
  const names = new Set();
  for (const file of fs.readdirSync(dir, { recursive: true })) {
    if (!String(file).endsWith('.js')) {
      continue;
    }
    const text = fs.readFileSync(path.join(dir, String(file)), 'utf8');
    for (const m of text.matchAll(/require\("([^"./][^"]*)"\)/g)) {
      const parts = m[1].split('/');
      const name = m[1].startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
      if (!require('module').builtinModules.includes(name) && !name.startsWith('node:')) {
        names.add(name);
      }
    }
  }
  return names;
}

/** Where Node finds package {@code name} from {@code fromDir}: the nearest node_modules up to the module root. */
function locate(name, fromDir) {
  let dir = fromDir;
  for (;;) {
    const candidate = path.join(dir, 'node_modules', name);
    if (fs.existsSync(path.join(candidate, 'package.json'))) {
      return candidate;
    }
    if (dir === root) {
      throw new Error(`package ${name} not found from ${fromDir}`);
    }
    dir = path.dirname(dir);
  }
}

function closure(names) {
  const found = new Set();
  const queue = [...names].map((n) => locate(n, root));
  while (queue.length > 0) {
    const dir = queue.pop();
    if (found.has(dir)) {
      continue;
    }
    found.add(dir);
    const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
    for (const dep of Object.keys({ ...pkg.dependencies, ...pkg.optionalDependencies })) {
      try {
        queue.push(locate(dep, dir));
      } catch (e) {
        if (!(pkg.optionalDependencies && dep in pkg.optionalDependencies)) {
          throw e;
        }
      }
    }
  }
  return [...found].sort();
}

/** Deletes the shared modules the task's entry never requires (directly or through another module). */
function pruneUnreachable(jsDir, entry) {
  const reached = new Set();
  const visit = (file) => {
    if (reached.has(file)) {
      return;
    }
    reached.add(file);
    const text = fs.readFileSync(file, 'utf8');
    for (const m of text.matchAll(/require\("(\.{1,2}\/[^"]*)"\)/g)) {
      visit(path.resolve(path.dirname(file), m[1]) + '.js');
    }
  };
  visit(entry);
  for (const file of fs.readdirSync(jsDir, { recursive: true })) {
    const full = path.join(jsDir, String(file));
    if (full.endsWith('.js') && !reached.has(full)) {
      fs.rmSync(full);
    }
  }
}

const leaveOut = (src, entry) => entry.isDirectory() ? entry.name === 'node_modules'
  : /\.(d\.ts|map|md|markdown)$/i.test(entry.name) && !/^licen[cs]e/i.test(entry.name);

fs.rmSync(dist, { recursive: true, force: true });
const tasks = fs.readdirSync(path.join(root, 'tasks'));
for (const task of tasks) {
  const out = path.join(dist, 'tasks', task);
  copyDir(path.join(root, 'tasks', task), out, () => false);
  copyDir(path.join(build, task), path.join(out, 'js', task), () => false);
  copyDir(path.join(build, 'common'), path.join(out, 'js', 'common'), () => false);
  pruneUnreachable(path.join(out, 'js'), path.join(out, 'js', task, 'index.js'));
  const packages = closure(requiredPackages(path.join(out, 'js')));
  for (const pkg of packages) {
    copyDir(pkg, path.join(out, path.relative(root, pkg)), leaveOut);
  }
  console.log(`${task}: ${packages.length} packages (${[...requiredPackages(path.join(out, 'js'))].join(', ')} and their dependencies)`);
}
for (const file of ['vss-extension.json', 'overview.md']) {
  fs.copyFileSync(path.join(root, file), path.join(dist, file));
}
copyDir(path.join(root, 'images'), path.join(dist, 'images'), () => false);
