// The console's Vite dev server, in this process, proxying the API paths to
// `apiUrl` (the test's fake apiserver). No file watching and no HMR: nothing
// changes under a test, and watchers only cost CPU.
import { fileURLToPath } from 'node:url';
import { createServer, type ViteDevServer } from 'vite';
import { consoleConfig } from '../../../apps/console/vite.config.ts';

export interface ConsoleServer {
  /** e.g. http://127.0.0.1:41235/ */
  url: string;
  server: ViteDevServer;
  close(): Promise<void>;
}

export async function startConsoleServer(apiUrl: string): Promise<ConsoleServer> {
  const config = consoleConfig({ apiUrl, port: 0 });
  const server = await createServer({
    ...config,
    configFile: false,
    logLevel: 'warn',
    // Apart from `npm start`'s cache, so that a running demo and the tests never re-optimize each other's deps.
    cacheDir: fileURLToPath(new URL('../../../apps/console/node_modules/.vite-e2e', import.meta.url)),
    server: { ...config.server, hmr: false, watch: null },
  });
  await server.listen();
  const url = server.resolvedUrls?.local[0];
  if (!url) {
    await server.close();
    throw new Error('the console dev server did not report its URL');
  }
  return { url, server, close: () => server.close() };
}
