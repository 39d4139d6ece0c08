// rxkube-fake-apiserver: the fake apiserver as a process, for consoles and
// tests in other processes. Prints exactly one line
// `rxkube-fake-apiserver listening on http://HOST:PORT` once it accepts
// requests, and shuts down cleanly (open watches closed, exit 0) on SIGINT
// or SIGTERM.
import { parseArgs } from 'node:util';
import { startFakeApiServer, type FakeApiServer, type FakeApiServerOptions } from '../server/startFakeApiServer.js';

export const USAGE = `Usage: rxkube-fake-apiserver [--port 8001] [--host 127.0.0.1] [--simulate] [--seed N] [--rate X]
                             [--tick-ms 1000] [--clusters global,calico3] [--gateway-base /api-gateway]
                             [--bookmark-ms 5000] [--seed-state] [--watch-list-compression] [--managed-fields-opt-out]`;

function number(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isFinite(n) || n < 0) throw new Error(`--${name} must be a non-negative number, got "${text}"`);
  return n;
}

/** Turns command-line arguments into server options; throws with a message for bad ones. */
export function parseCliArgs(argv: readonly string[]): FakeApiServerOptions & { help?: boolean } {
  const { values } = parseArgs({
    args: [...argv],
    strict: true,
    options: {
      port: { type: 'string', default: '8001' },
      host: { type: 'string', default: '127.0.0.1' },
      simulate: { type: 'boolean', default: false },
      'seed-state': { type: 'boolean', default: false },
      seed: { type: 'string' },
      rate: { type: 'string' },
      'tick-ms': { type: 'string' },
      clusters: { type: 'string', default: 'global,calico3' },
      'gateway-base': { type: 'string' },
      'bookmark-ms': { type: 'string' },
      'watch-list-compression': { type: 'boolean', default: false },
      'managed-fields-opt-out': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const seed = number('seed', values.seed);
  const rate = number('rate', values.rate);
  const tickIntervalMs = number('tick-ms', values['tick-ms']);
  const bookmarkIntervalMs = number('bookmark-ms', values['bookmark-ms']);
  return {
    port: number('port', values.port) ?? 8001,
    host: values.host,
    clusters: values.clusters.split(',').map((c) => c.trim()).filter(Boolean),
    ...(values['gateway-base'] ? { gatewayBase: values['gateway-base'] } : {}),
    ...(seed !== undefined ? { seed } : {}),
    ...(bookmarkIntervalMs !== undefined ? { bookmarkIntervalMs } : {}),
    ...(values['seed-state'] ? { seedState: true } : {}),
    ...(values['watch-list-compression'] ? { watchListCompression: true } : {}),
    ...(values['managed-fields-opt-out'] ? { managedFieldsOptOut: true } : {}),
    ...(values.simulate
      ? { simulate: { ...(seed !== undefined ? { seed } : {}), ...(rate !== undefined ? { rate } : {}), ...(tickIntervalMs !== undefined ? { tickIntervalMs } : {}) } }
      : {}),
    ...(values.help ? { help: true } : {}),
  };
}

export interface CliIo {
  log(line: string): void;
  error(line: string): void;
}

/** Starts the server for `argv` and announces it; undefined (after printing why) for --help or bad arguments. */
export async function runCli(argv: readonly string[], io: CliIo = { log: console.log, error: console.error }): Promise<FakeApiServer | undefined> {
  let options;
  try {
    options = parseCliArgs(argv);
  } catch (err) {
    io.error(`${err instanceof Error ? err.message : String(err)}\n${USAGE}`);
    return undefined;
  }
  if (options.help) {
    io.log(USAGE);
    return undefined;
  }
  const server = await startFakeApiServer(options);
  io.log(`rxkube-fake-apiserver listening on ${server.url}`);
  return server;
}

/**
 * The process entry: runs until SIGINT/SIGTERM, then closes everything and
 * exits 0. The signal handlers are in place before the "listening" line: a
 * signal right after it must not meet the default action (killed, no exit 0).
 */
export async function main(argv: readonly string[]): Promise<void> {
  let server: FakeApiServer | undefined;
  let stopping = false;
  const stop = () => {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    stopping = true;
    void server?.close().then(() => {
      process.exitCode = 0;
    });
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  server = await runCli(argv);
  if (!server) {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    process.exitCode = argv.includes('--help') || argv.includes('-h') ? 0 : 2;
    return;
  }
  // A signal that came while the server was starting.
  if (stopping) {
    await server.close();
    process.exitCode = 0;
  }
}
