// The script of the minimal test page (testPage.ts bundles it with the core
// sources): widgets that each ask one question, and lists whose every
// emission is recorded for the test to read with page.evaluate.
import { ConfigMaps, createKubeClient, Pods, type KubeClient, type KubeClientOptions } from '@rxkube/core';

let client: KubeClient | undefined;
const answered = new Set<number>();
/** Per namespace, every list emitted, as `name@resourceVersion` strings. */
const emissions = new Map<string, string[][]>();

/**
 * `count` widgets, each a distinct question: even ones list the pods of
 * namespace `w-N`, odd ones watch the ConfigMap `cm-N` of namespace `widgets`
 * (no list of ConfigMaps covers it, so each is a connection of its own).
 */
export function mountWidgets(count: number, options: KubeClientOptions = {}): void {
  client = createKubeClient(options);
  for (let i = 0; i < count; i += 1) {
    const answer = () => answered.add(i);
    if (i % 2 === 0) client.watchResourceList({ resource: Pods, namespace: `w-${i}` }).subscribe(answer);
    else client.watchResource({ resource: ConfigMaps, namespace: 'widgets', name: `cm-${i}` }).subscribe(answer);
  }
}

/** Widgets that have shown data. */
export function answeredWidgets(): number {
  return answered.size;
}

/** Follows the pods of each namespace, recording every emission. */
export function followPods(namespaces: readonly string[], options: KubeClientOptions = {}): void {
  client = createKubeClient(options);
  for (const namespace of namespaces) {
    const log: string[][] = [];
    emissions.set(namespace, log);
    client.watchResourceList({ resource: Pods, namespace }).subscribe((pods) => {
      log.push(pods.map((pod) => `${pod.metadata?.name}@${pod.metadata?.resourceVersion}`));
    });
  }
}

export function emitted(namespace: string): string[][] {
  return emissions.get(namespace) ?? [];
}

/** What the page's client holds, for the connection figures. */
export function transports(): string[] {
  return client?.connections().map((connection) => connection.transport) ?? [];
}
