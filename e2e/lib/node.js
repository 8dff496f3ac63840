// Harness: start the real `agora-node` binary on free loopback ports, wait for its JSON-RPC
// server, connect @polkadot/api, and stop everything after the suite.

import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ApiPromise, WsProvider } from '@polkadot/api';
import { apiOptions } from '@agora/api';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '..', '..');

/** Where the release binary is: $AGORA_NODE, else $CARGO_TARGET_DIR/release, else target/release. */
export function nodeBinary() {
  if (process.env.AGORA_NODE) return process.env.AGORA_NODE;
  const targetDir = process.env.CARGO_TARGET_DIR || path.join(repo, 'target');
  const bin = path.join(targetDir, 'release', 'agora-node');
  if (!existsSync(bin)) {
    throw new Error(`agora-node not found at ${bin}: build it with cargo build --release, or set AGORA_NODE`);
  }
  return bin;
}

/**
 * Run `agora-node ...args` (with `env` added to the environment); resolve { code, stdout,
 * stderr } (never rejects).
 */
export function cli(args, env = {}) {
  return new Promise((resolve) => {
    execFile(nodeBinary(), args, { maxBuffer: 16 << 20, env: { ...process.env, ...env } }, (error, stdout, stderr) => {
      resolve({ code: error ? (error.code ?? 1) : 0, stdout, stderr });
    });
  });
}

/** A TCP port that is free on 127.0.0.1 right now. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/**
 * Start `agora-node` with the given chain arguments (default `--dev`) in a fresh base path, or
 * in `basePath` (kept after `stop()`, so the node can be started again on it).
 * With `prometheus: true` (or `prometheusPort`, e.g. to restart on the same one) the node serves
 * its Prometheus metrics at `prometheusUrl` instead of running with `--no-prometheus`.
 * Returns { api, rpcPort, p2pPort, peerId, rpcUrl, httpUrl, basePath, logs, stop, child,
 * prometheusPort, prometheusUrl } (the last two null without Prometheus).
 */
export async function startNode({
  args = ['--dev'], timeoutMs = 120_000, basePath: givenBase = null, rpcPort: givenRpc = null,
  p2pPort: givenP2p = null, prometheus = false, prometheusPort: givenPrometheus = null,
} = {}) {
  const rpcPort = givenRpc || await freePort();
  const p2pPort = givenP2p || await freePort();
  const prometheusPort = (prometheus || givenPrometheus) ? (givenPrometheus || await freePort()) : null;
  const basePath = givenBase || mkdtempSync(path.join(os.tmpdir(), 'agora-e2e-'));
  let peerId = null;
  const child = spawn(
    nodeBinary(),
    [
      ...args,
      '--base-path', basePath,
      '--rpc-port', String(rpcPort),
      '--listen-addr', `/ip4/127.0.0.1/tcp/${p2pPort}`,
      ...(prometheusPort ? ['--prometheus-port', String(prometheusPort)] : ['--no-prometheus']),
      '--no-telemetry',
      '--no-mdns',
      '--rpc-cors', 'all',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );

  const logs = [];
  let exited = null;
  child.on('exit', (code, signal) => { exited = { code, signal }; });

  const ready = new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`agora-node did not start its RPC server within ${timeoutMs} ms:\n${logs.slice(-40).join('\n')}`)),
      timeoutMs,
    );
    const onLine = (line) => {
      logs.push(line);
      if (logs.length > 5000) logs.shift();
      const id = /Local node identity is: (\w+)/.exec(line);
      if (id) [, peerId] = id;
      if (/Running JSON-RPC server: addr=/.test(line)) {
        clearTimeout(timer);
        resolve();
      }
    };
    for (const stream of [child.stdout, child.stderr]) {
      let buf = '';
      stream.on('data', (chunk) => {
        buf += chunk.toString();
        let i;
        while ((i = buf.indexOf('\n')) >= 0) {
          onLine(buf.slice(0, i));
          buf = buf.slice(i + 1);
        }
      });
    }
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`agora-node exited early (code ${code}, signal ${signal}):\n${logs.slice(-40).join('\n')}`));
    });
  });

  await ready;
  const rpcUrl = `ws://127.0.0.1:${rpcPort}`;
  const provider = new WsProvider(rpcUrl, 1000, {}, 30_000);
  // The client package's definitions (agora_* RPC, transaction extensions), as a user would.
  const api = await ApiPromise.create({ ...apiOptions({ noInitWarn: true }), provider, throwOnConnect: true });

  async function stop() {
    try { await api.disconnect(); } catch { /* already gone */ }
    if (exited === null) {
      const done = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGINT');
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      await done;
      clearTimeout(timer);
    }
    if (!givenBase) rmSync(basePath, { recursive: true, force: true });
  }

  return {
    api, provider, rpcPort, p2pPort, peerId, rpcUrl, httpUrl: `http://127.0.0.1:${rpcPort}`,
    basePath, logs, stop, child,
    prometheusPort, prometheusUrl: prometheusPort ? `http://127.0.0.1:${prometheusPort}/metrics` : null,
  };
}
