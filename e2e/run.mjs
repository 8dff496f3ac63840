// Runs the e2e files with node's test runner, several at once (each file starts its own
// agora-node processes on free loopback ports, so files never share a chain), prints each
// file's output in one piece when it finishes, then a timing table and a closing
// "N passed, N failed" line.
//
//   node run.mjs [--concurrency N] [FILE ...]      (default: every test/*.test.js)
//
// The concurrency defaults to $AGORA_E2E_CONCURRENCY, else 2 (measured faster than 1 on a
// 2-core machine: README, "Build and test times"). With $AGORA_TIMINGS set, the per-file
// timings are appended to that file as "e2e <file>\t<seconds>" lines for scripts/test.sh.

import { spawn } from 'node:child_process';
import { appendFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

// The longest files first, so that the slowest one does not start last.
const ORDER = [
  'jobs', 'network-faults', 'provider-node', 'runtime-upgrade', 'provider-restart', 'proofs', 'client', 'dashboard', 'disputes', 'market',
  'reputation', 'hostile-rpc', 'foundation',
];

function parseArgs(argv) {
  let concurrency = Number(process.env.AGORA_E2E_CONCURRENCY || 2);
  const files = [];
  for (let i = 0; i < argv.length; i += 1) {
    if (argv[i] === '--concurrency') {
      concurrency = Number(argv[i + 1]);
      i += 1;
    } else {
      files.push(argv[i]);
    }
  }
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new Error(`--concurrency must be a positive integer, got ${concurrency}`);
  }
  if (files.length === 0) {
    const rank = (f) => {
      const i = ORDER.indexOf(path.basename(f, '.test.js'));
      return i < 0 ? ORDER.length : i;
    };
    readdirSync(path.join(here, 'test'))
      .filter((f) => f.endsWith('.test.js'))
      .map((f) => path.join('test', f))
      .sort((a, b) => rank(a) - rank(b) || a.localeCompare(b))
      .forEach((f) => files.push(f));
  }
  return { concurrency, files };
}

/** Run one file; resolve { file, seconds, passed, failed, code }. */
function runFile(file) {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--test', '--test-reporter=spec', file], {
      cwd: here, stdio: ['ignore', 'pipe', 'pipe'], env: process.env,
    });
    const out = [];
    child.stdout.on('data', (c) => out.push(c));
    child.stderr.on('data', (c) => out.push(c));
    child.on('close', (code) => {
      const seconds = (Date.now() - started) / 1000;
      const text = Buffer.concat(out).toString();
      const count = (label) => {
        const m = new RegExp(`^\\S*\\s*${label} (\\d+)$`, 'm').exec(text);
        return m ? Number(m[1]) : 0;
      };
      process.stdout.write(`\n----- ${file} (${seconds.toFixed(1)} s, exit ${code}) -----\n${text}`);
      resolve({
        file, seconds, passed: count('pass'), failed: count('fail'), code: code ?? 1,
      });
    });
  });
}

async function main() {
  const { concurrency, files } = parseArgs(process.argv.slice(2));
  const started = Date.now();
  console.log(`e2e: ${files.length} files, ${concurrency} at a time`);
  const queue = [...files];
  const results = [];
  const workers = Array.from({ length: Math.min(concurrency, files.length) }, async () => {
    while (queue.length > 0) {
      results.push(await runFile(queue.shift()));
    }
  });
  await Promise.all(workers);
  const wall = (Date.now() - started) / 1000;

  results.sort((a, b) => files.indexOf(a.file) - files.indexOf(b.file));
  console.log('\ne2e timings (wall clock of each file, run concurrently):');
  for (const r of results) {
    const verdict = r.code === 0 ? 'ok' : 'FAILED';
    console.log(`  ${r.file.padEnd(32)} ${r.seconds.toFixed(1).padStart(7)} s  ${r.passed} passed, ${r.failed} failed  ${verdict}`);
    if (process.env.AGORA_TIMINGS) {
      appendFileSync(process.env.AGORA_TIMINGS, `e2e ${path.basename(r.file)}\t${r.seconds.toFixed(1)}\n`);
    }
  }
  console.log(`  ${'whole suite'.padEnd(32)} ${wall.toFixed(1).padStart(7)} s`);
  const passed = results.reduce((n, r) => n + r.passed, 0);
  // A file that crashed before reporting counts as one failure at least.
  const failed = results.reduce((n, r) => n + (r.code !== 0 ? Math.max(r.failed, 1) : r.failed), 0);
  console.log(`${passed} passed, ${failed} failed`);
  process.exitCode = failed > 0 || passed === 0 ? 1 : 0;
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
