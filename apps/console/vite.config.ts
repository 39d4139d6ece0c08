// The console's Vite config. The dev server (and `vite preview`) proxies the
// Kubernetes paths to KUBE_API_URL (the fake apiserver of `npm start`, or a
// `kubectl proxy`), so the console talks to its own origin. `@rxkube/*`
// resolve to the package sources: no build step between an edit and the page.
// `/?mock` runs the console on the fake cluster inside the page (msw), no server.
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { msw } from 'msw/vite';
import { defineConfig, type ProxyOptions, type UserConfig } from 'vite';

const source = (path: string) => fileURLToPath(new URL(`../../packages/${path}`, import.meta.url));

/** Paths served by the API, not by Vite: /api, /apis, /kubernetes/{cluster}, /v1/export, the fake's /__rxkube. */
const API_PATHS = ['api', 'apis', 'kubernetes', 'v1', '__rxkube'];

function apiProxy(target: string): Record<string, ProxyOptions> {
  const options: ProxyOptions = {
    target,
    changeOrigin: true,
    ws: false,
    // Watches are endless responses: never time them out, never buffer them
    // (no-transform keeps any compressing middleware away from them).
    proxyTimeout: 0,
    timeout: 0,
    configure: (proxy) => {
      proxy.on('proxyRes', (proxyRes) => {
        proxyRes.headers['cache-control'] = 'no-cache, no-transform';
        proxyRes.headers['x-accel-buffering'] = 'no';
      });
    },
  };
  // Anchored patterns: '/api' must not swallow '/apis' or a module such as '/v1.ts'.
  return Object.fromEntries(API_PATHS.map((p) => [`^/${p}(/|$|\\?)`, options]));
}

export interface ConsoleConfigOptions {
  /** Where the Kubernetes API is; default KUBE_API_URL or http://127.0.0.1:8001. */
  apiUrl?: string;
  host?: string;
  /** 0 = any free port. */
  port?: number;
}

/** The whole config, as a function so that tests can point a server at their own fake apiserver. */
export function consoleConfig(options: ConsoleConfigOptions = {}): UserConfig {
  const target = options.apiUrl ?? process.env.KUBE_API_URL ?? 'http://127.0.0.1:8001';
  const proxy = apiProxy(target);
  const host = options.host ?? '127.0.0.1';
  const port = options.port ?? 5173;
  return {
    root: fileURLToPath(new URL('.', import.meta.url)),
    // msw serves (and builds) only its worker script, for the browser-only mode (`/?mock`).
    plugins: [react(), msw({ mode: 'worker-only' })],
    clearScreen: false,
    resolve: {
      // A subpath before its package: vite matches an alias as a prefix.
      alias: {
        '@rxkube/core/browser': source('core/src/browser.ts'),
        '@rxkube/core': source('core/src/index.ts'),
        '@rxkube/react': source('react/src/index.ts'),
        '@rxkube/testing/msw': source('testing/src/msw/index.ts'),
      },
      // One React and one RxJS, whichever package imports them.
      dedupe: ['react', 'react-dom', 'rxjs', 'msw'],
    },
    optimizeDeps: {
      // Everything the page imports is known up front: no "new dependency, reloading" mid-session.
      include: ['react', 'react-dom', 'react-dom/client', 'react/jsx-runtime', 'react/jsx-dev-runtime', '@tanstack/react-virtual', 'rxjs', 'msw', 'msw/browser'],
    },
    server: { host, port, strictPort: port !== 0, proxy },
    preview: { host, port: port || 4173, proxy },
  };
}

export default defineConfig(() => consoleConfig());
