// The script of the minimal test page (testPage.ts bundles it with the core
// sources): widgets that each ask one question, and lists whose every
// emission is recorded for the test to read with page.evaluate. Clients run
// with the browser add-ons, as a console's do.
import { ConfigMaps, createKubeClient, Pods, type DowngradePolling, type KubeClient, type KubeClientOptions } from '@rxkube/core';
import { browserEnvironment, type BrowserEnvironmentOptions } from '@rxkube/core/browser';

/** What a test passes through page.evaluate (plain data): the client's options and those of its browser add-ons. */
export type PageClientOptions = Omit<KubeClientOptions, 'environment'> & { browser?: BrowserEnvironmentOptions };

function newClient({ browser, ...options }: PageClientOptions): KubeClient {
  return createKubeClient({ ...options, environment: browserEnvironment(browser) });
}

let client: KubeClient | undefined;
const answered = new Set<number>();
/** Per namespace, every list emitted, as `name@resourceVersion` strings. */
const emissions = new Map<string, string[][]>();

/**
 * `count` widgets, each a distinct question: even ones list the pods of
 * namespace `w-N`, odd ones watch the ConfigMap `cm-N` of namespace `widgets`
 * (no list of ConfigMaps covers it, so each is a connection of its own).
 */
export function mountWidgets(count: number, options: PageClientOptions = {}): void {
  client = newClient(options);
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

/** Follows the pods of each namespace, recording every emission; `downgradePolling` as a console passes it. */
export function followPods(namespaces: readonly string[], options: PageClientOptions = {}, downgradePolling?: DowngradePolling): void {
  client = newClient(options);
  for (const namespace of namespaces) {
    const log: string[][] = [];
    emissions.set(namespace, log);
    client.watchResourceList({ resource: Pods, namespace, downgradePolling }).subscribe((pods) => {
      log.push(pods.map((pod) => `${pod.metadata?.name}@${pod.metadata?.resourceVersion}`));
    });
  }
}

export function emitted(namespace: string): string[][] {
  return emissions.get(namespace) ?? [];
}

/** The console's downgrade switch, flipped in this tab. */
export function setDowngradeWatch(on: boolean): void {
  client!.setDowngradeWatch(on);
}

/** What the page's client holds, for the connection figures. */
export function transports(): string[] {
  return client?.connections().map((connection) => connection.transport) ?? [];
}

const openLists = new Map<string, { unsubscribe(): void }>();
/** Per `namespace/name`, every value `watchResource` emitted, as `name@resourceVersion` or null. */
const objectEmissions = new Map<string, (string | null)[]>();

/** A pod list of `namespace` that stays open until closePodList. */
export function openPodList(namespace: string, options: PageClientOptions = {}): void {
  client ??= newClient(options);
  const log: string[][] = [];
  emissions.set(namespace, log);
  openLists.set(
    namespace,
    client.watchResourceList({ resource: Pods, namespace }).subscribe((pods) => log.push(pods.map((pod) => `${pod.metadata?.name}@${pod.metadata?.resourceVersion}`))),
  );
}

export function closePodList(namespace: string): void {
  openLists.get(namespace)?.unsubscribe();
  openLists.delete(namespace);
}

/** One pod, as a detail page watches it, recording every emission. */
export function followPod(namespace: string, name: string): void {
  const log: (string | null)[] = [];
  objectEmissions.set(`${namespace}/${name}`, log);
  client!.watchResource({ resource: Pods, namespace, name }).subscribe((pod) => log.push(pod ? `${pod.metadata?.name}@${pod.metadata?.resourceVersion}` : null));
}

export function podEmissions(namespace: string, name: string): (string | null)[] {
  return objectEmissions.get(`${namespace}/${name}`) ?? [];
}
