// Type-checks Block Kit JSON against Slack's own types: each file of blocks becomes a TypeScript file that
// assigns the JSON to a const of type KnownBlock[], and tsc --noEmit checks them all.
//
//   node check.js <folder of .json files> <work folder>
//
// Prints one line per message that the types reject (with tsc's reasons) and exits 1; exits 0 when all pass.
'use strict';

const fs = require('fs');
const path = require('path');
const { spawnSync } = require('child_process');

const [messagesDir, workDir] = process.argv.slice(2);
if (!messagesDir || !workDir) {
  console.error('usage: node check.js <folder of .json files> <work folder>');
  process.exit(64);
}

const here = __dirname;
const types = path.join(here, 'node_modules', '@slack', 'types');
const tsc = path.join(here, 'node_modules', 'typescript', 'bin', 'tsc');
if (!fs.existsSync(types) || !fs.existsSync(tsc)) {
  console.error(`${path.join(here, 'node_modules')} is missing: run npm ci in ${here}`);
  process.exit(69);
}

fs.rmSync(workDir, { recursive: true, force: true });
fs.mkdirSync(workDir, { recursive: true });
const files = fs.readdirSync(messagesDir).filter((name) => name.endsWith('.json')).sort();
if (files.length === 0) {
  console.error(`no message snapshots in ${messagesDir}`);
  process.exit(66);
}
const generated = [];
for (const name of files) {
  const json = fs.readFileSync(path.join(messagesDir, name), 'utf8');
  JSON.parse(json); // a snapshot that is not JSON fails here, named
  const ts = path.join(workDir, name.replace(/\.json$/, '.ts'));
  fs.writeFileSync(ts, `import type { KnownBlock } from '@slack/types';\n\nexport const blocks: KnownBlock[] = ${json};\n`);
  generated.push(ts);
}
fs.writeFileSync(path.join(workDir, 'tsconfig.json'), JSON.stringify({
  compilerOptions: {
    strict: true,
    noEmit: true,
    target: 'ES2022',
    module: 'commonjs',
    moduleResolution: 'node',
    baseUrl: '.',
    paths: { '@slack/types': [path.relative(workDir, types)] },
    types: [],
    skipLibCheck: true,
  },
  files: generated.map((file) => path.basename(file)),
}, null, 2));

const run = spawnSync(process.execPath, [tsc, '-p', path.join(workDir, 'tsconfig.json'), '--pretty', 'false'],
  { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
const output = `${run.stdout || ''}${run.stderr || ''}`.trim();
if (run.status === 0) {
  console.log(`${files.length} messages checked against @slack/types KnownBlock[]: all pass`);
  process.exit(0);
}
const rejected = new Set(output.split('\n').map((line) => line.split('(')[0]).filter((file) => file.endsWith('.ts')));
console.log(`${rejected.size} of ${files.length} messages rejected by @slack/types KnownBlock[]:`);
console.log(output);
process.exit(1);
