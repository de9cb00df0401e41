'use strict';
// Before packing: removes compiled files in dist/ whose source is gone, so a tarball carries
// only what the current sources build (tsc -b never deletes). Nothing else in dist/ is touched,
// so a build in use elsewhere keeps working.
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');
const OUTPUT = /(\.d\.ts|\.d\.mts|\.js|\.mjs)(\.map)?$/;
const SOURCES = { '.d.ts': ['.ts', '.js'], '.d.mts': ['.mjs'], '.js': ['.ts', '.js'], '.mjs': ['.mjs'] };

function prune(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      prune(file);
      continue;
    }
    const match = OUTPUT.exec(entry.name);
    if (!match) continue;
    const stem = path.join(root, path.relative(path.join(root, 'dist'), file)).slice(0, -match[0].length);
    if (!SOURCES[match[1]].some((extension) => fs.existsSync(stem + extension))) {
      fs.rmSync(file);
      process.stdout.write(`pruned ${path.relative(root, file)}\n`);
    }
  }
}

for (const tree of ['src', 'dialects']) {
  const dir = path.join(root, 'dist', tree);
  if (fs.existsSync(dir)) prune(dir);
}
