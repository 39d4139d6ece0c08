/**
 * The default watch-stream budget follows the protocol the browser actually
 * used to reach the API origin (`PerformanceResourceTiming.nextHopProtocol`):
 *
 * - HTTP/1.1: a browser opens at most 6 connections per origin, and a watch
 *   holds one for its whole life; 5 streams leave one for lists and writes.
 * - HTTP/2 and HTTP/3: one connection multiplexes many streams, up to the
 *   server's SETTINGS_MAX_CONCURRENT_STREAMS. kube-apiserver's default is 100
 *   (staging/src/k8s.io/apiserver/pkg/server/secure_serving.go: without
 *   --http2-max-streams-per-connection, `http2Options.MaxConcurrentStreams = 100`);
 *   10 of them stay free for lists, writes and the page's other requests.
 *
 * The protocol is known only once a response from the API origin has ended,
 * so a browser client starts at the HTTP/1.1 budget and widens it when it
 * sees h2 or h3; it never narrows. An explicit `maxWatchStreams` always wins.
 * Without this add-on, or outside a browser, the client's streams are unlimited.
 */
import type { AddOnHost } from '../client/addOnHost.js';
import type { ClientAddOn } from '../client/environment.js';

export const HTTP1_WATCH_STREAMS = 5;
export const MULTIPLEXED_WATCH_STREAMS = 90;

/** The budget for a `nextHopProtocol` value (ALPN ids: 'http/1.1', 'h2', 'h3'); undefined when it says nothing (cross-origin without Timing-Allow-Origin, a cached response). */
export function watchStreamsFor(protocol: string): number | undefined {
  const id = protocol.toLowerCase();
  if (id === 'h2' || id === 'h2c' || id.startsWith('h3')) return MULTIPLEXED_WATCH_STREAMS;
  if (id.startsWith('http/1')) return HTTP1_WATCH_STREAMS;
  return undefined;
}

/** The add-on: the HTTP/1.1 budget until a response of the API origin shows h2 or h3. */
export function protocolBudget(): ClientAddOn {
  return {
    attach(host: AddOnHost) {
      if (host.fixedStreamBudget || typeof document === 'undefined') return () => undefined;
      host.setEnvironment({ maxWatchStreams: HTTP1_WATCH_STREAMS });
      return widenOnMultiplexedProtocol(host.baseUrl, (maxWatchStreams) => host.setEnvironment({ maxWatchStreams }));
    },
  };
}

/** The origin of the API (`baseUrl` '' is the page's own). */
export function apiOrigin(baseUrl: string, pageHref: string): string {
  return new URL(baseUrl === '' ? '/' : baseUrl, pageHref).origin;
}

/**
 * Calls `widen` once with the multiplexed budget when a response from the API
 * origin came over h2 or h3. Returns the function that stops watching; a
 * runtime without PerformanceObserver never widens.
 */
export function widenOnMultiplexedProtocol(baseUrl: string, widen: (maxWatchStreams: number) => void): () => void {
  if (typeof PerformanceObserver === 'undefined' || typeof location === 'undefined') return () => undefined;
  const origin = apiOrigin(baseUrl, location.href);
  let done = false;
  const observer = new PerformanceObserver((list) => {
    if (done) return;
    for (const entry of list.getEntries() as PerformanceResourceTiming[]) {
      if (!entry.name.startsWith(origin + '/')) continue;
      const streams = watchStreamsFor(entry.nextHopProtocol);
      if (streams === undefined) continue;
      // One answer is enough: every request to the origin goes over the same kind of connection.
      done = true;
      observer.disconnect();
      if (streams > HTTP1_WATCH_STREAMS) widen(streams);
      return;
    }
  });
  // `buffered` also delivers the entries of responses that ended before the client existed.
  observer.observe({ type: 'resource', buffered: true });
  return () => observer.disconnect();
}
