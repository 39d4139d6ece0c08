// The READMEs' shell commands, run as written. Every line of every ```sh
// block is either run here or listed in NOT_RUN with the reason. A block
// starts its own fake apiserver the way it says (node packages/testing/dist/cli.js ...),
// on a free port instead of 8001; its kubectl and curl lines then run against
// that server (and so do the runnable examples, `node packages/core/examples/...`),
// and a `# ...` line under a command is the output it must print.
// A tool a command needs (kubectl, curl) that is missing fails the test, saying so.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DOC_PORT = '8001';
const DOC_URL = `http://127.0.0.1:${DOC_PORT}`;

/** Lines not run here, each with the reason. */
const NOT_RUN: ReadonlyArray<[RegExp, string]> = [
  [/^npm (start|test)$/, 'npm test is what runs this file; npm start serves until stopped (tests/e2e drive the same console)'],
  [/^kubectl proxy\b/, 'needs a real cluster'],
  [/^KUBE_API_URL=\S+ (npm start|pnpm --filter @rxkube\/angular-console start)$/, 'a console dev server: serves until stopped (tests/e2e start it in-process)'],
  [/^source scripts\/toolchain\.sh$/, 'scripts/run.sh runs it for npm test and npm start'],
  [/^pnpm --filter @rxkube\/angular-console (build|start)$/, 'the Angular CLI build and dev server, built and served by tests/e2e/angular'],
  [/^pnpm exec vitest run --project e2e tests\/e2e\/angular$/, 'part of npm test'],
  [/^pnpm add @rxkube\//, 'installs the published packages into an application'],
];
const SERVER = /^node packages\/testing\/dist\/cli\.js\b(?<args>.*?)(?<background>\s*&)?$/;
/** kubectl, curl, and the runnable examples of @rxkube/core (node packages/core/examples/...). */
const CLIENT = /^(?<tool>kubectl|curl|node(?= packages\/core\/examples\/))\s/;

interface Command {
  line: string;
  /** The `# ...` lines right under it: what it prints. */
  output: string[];
}

interface Block {
  file: string;
  index: number;
  commands: Command[];
}

/** The READMEs of the folders under `dir`. */
const readmesIn = (dir: string) =>
  readdirSync(join(ROOT, dir), { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(ROOT, dir, entry.name, 'README.md')))
    .map((entry) => `${dir}/${entry.name}/README.md`);

const readmes = () => ['README.md', ...readmesIn('apps'), ...readmesIn('packages')];

/** The ```sh blocks of a Markdown file, continuation lines joined, trailing comments dropped. */
function shellBlocks(file: string): Block[] {
  const blocks: Block[] = [];
  let current: Command[] | undefined;
  let pending = '';
  for (const raw of readFileSync(join(ROOT, file), 'utf8').split('\n')) {
    if (current === undefined) {
      if (/^```(sh|bash|shell)\s*$/.test(raw)) current = [];
      continue;
    }
    if (raw.startsWith('```')) {
      blocks.push({ file, index: blocks.length + 1, commands: current });
      current = undefined;
      continue;
    }
    const line = pending + raw.trim();
    if (line.endsWith('\\')) {
      pending = `${line.slice(0, -1).trim()} `;
      continue;
    }
    pending = '';
    if (!line) continue;
    if (line.startsWith('#')) current.at(-1)?.output.push(line.slice(1).trim());
    else current.push({ line: line.replace(/\s+#\s.*$/, ''), output: [] });
  }
  return blocks;
}

const BLOCKS = readmes().flatMap(shellBlocks);
const notRunReason = (line: string) => NOT_RUN.find(([pattern]) => pattern.test(line))?.[1];

const home = mkdtempSync(join(tmpdir(), 'rxkube-readme-'));
const servers: ChildProcess[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await stop(server);
});
afterAll(() => rmSync(home, { recursive: true, force: true }));

function stop(server: ChildProcess): Promise<number | null> {
  if (server.exitCode !== null) return Promise.resolve(server.exitCode);
  return new Promise((resolve) => {
    server.once('exit', (code) => resolve(code));
    server.kill('SIGTERM');
  });
}

function requireTool(tool: string, line: string): void {
  const found = spawnSync('bash', ['-c', `command -v ${tool}`]).status === 0;
  if (!found) throw new Error(`the README command needs ${tool}, which is not installed (not on PATH): ${line}`);
}

/** Starts the block's fake apiserver command on a free port; resolves with its URL and the line it printed. */
function startServer(args: string, line: string): Promise<{ url: string; printed: string }> {
  const cli = join(ROOT, 'packages/testing/dist/cli.js');
  if (!existsSync(cli)) throw new Error(`${cli} is missing: build the packages first (npm test does), then run: ${line}`);
  const freePort = `${args.replace(/\s--port\s+\S+/, '')} --port 0`;
  const child = spawn('bash', ['-c', `exec node packages/testing/dist/cli.js${freePort}`], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  servers.push(child);
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  return new Promise((resolve, reject) => {
    createInterface({ input: child.stdout }).once('line', (printed) => {
      const match = /listening on (http:\/\/\S+)$/.exec(printed);
      if (match) resolve({ url: match[1]!, printed });
      else reject(new Error(`${line} printed "${printed}" instead of its listening line`));
    });
    child.once('exit', (code) => reject(new Error(`${line} exited (${code}) before listening\n${stderr}`)));
  });
}

function run(line: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn('bash', ['-c', line], { cwd: ROOT, env: { ...process.env, HOME: home } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Runs a kubectl or curl line against the server at `url`: it must succeed, quietly, and print what the README shows under it. */
async function expectWorks({ line, output }: Command, url: string): Promise<void> {
  requireTool(CLIENT.exec(line)!.groups!.tool!, line);
  const result = await run(line.replaceAll(DOC_URL, url));
  expect(result.code, `${line}\n${result.stderr}`).toBe(0);
  expect(result.stderr, line).toBe('');
  expect(result.stdout.trim(), line).not.toBe('');
  expect(result.stdout, line).not.toMatch(/No resources found/);
  if (output.length) expect(result.stdout.trim(), line).toBe(output.join('\n'));
}

const isRun = (c: Command) => !notRunReason(c.line);
const clientCommands = BLOCKS.flatMap((b) => b.commands).filter((c) => isRun(c) && CLIENT.test(c.line));

describe('README shell commands', () => {
  it('finds the READMEs and their commands', () => {
    expect(BLOCKS.map((b) => b.file)).toEqual(expect.arrayContaining(['README.md', 'packages/testing/README.md', 'apps/console/README.md']));
    expect(clientCommands.length).toBeGreaterThan(3);
  });

  it('runs or knowingly skips every line (a new command must be runnable, or be in NOT_RUN with its reason)', () => {
    const unknown = BLOCKS.flatMap((b) => b.commands.filter((c) => isRun(c) && !SERVER.test(c.line) && !CLIENT.test(c.line)).map((c) => `${b.file}: ${c.line}`));
    expect(unknown).toEqual([]);
  });

  it('npm start starts the fake apiserver README.md says it does, and the kubectl and curl lines work against it too', async () => {
    const said = /`npm start` builds the packages, starts `rxkube-fake-apiserver([^`]+)`/.exec(readFileSync(join(ROOT, 'README.md'), 'utf8').replace(/\s*\n\s*/g, ' '));
    expect(said, 'README.md: "`npm start` builds the packages, starts `rxkube-fake-apiserver ...`"').not.toBeNull();
    const args = said![1]!.trim();
    const startArgs = /const args = \[(.*)\];/.exec(readFileSync(join(ROOT, 'scripts/start.mjs'), 'utf8'))![1]!;
    // The port is String(apiPort) there (RXKUBE_API_PORT, default 8001): compare the rest.
    const quoted = [...startArgs.matchAll(/'([^']*)'/g)].map((m) => m[1]).filter((arg) => arg !== '--port');
    expect(quoted.join(' '), 'the fake apiserver arguments in scripts/start.mjs').toBe(`packages/testing/dist/cli.js ${args.replace(/--port \S+ /, '')}`);
    const { url } = await startServer(` ${args}`, `rxkube-fake-apiserver ${args}`);
    for (const command of clientCommands) await expectWorks(command, url);
  });

  const runnable = BLOCKS.filter((b) => b.commands.some(isRun));
  it.each(runnable.map((b) => [`${b.file} block ${b.index}`, b] as const))('%s works as written', async (_name, block) => {
    let url: string | undefined;
    for (const command of block.commands.filter(isRun)) {
      const server = SERVER.exec(command.line);
      if (server) {
        const started = await startServer(server.groups!.args!, command.line);
        url = started.url;
        if (command.output.length) expect(started.printed.replace(url, DOC_URL), command.line).toBe(command.output.join('\n'));
      } else if (url) {
        await expectWorks(command, url);
      } else {
        throw new Error(`${block.file} runs "${command.line}" without starting the fake apiserver in the same block`);
      }
    }
    // A server started from the docs stops cleanly on SIGTERM (exit 0), as the docs say.
    for (const server of servers.splice(0)) expect(await stop(server)).toBe(0);
  });
});
