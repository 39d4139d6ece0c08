/**
 * What a Pod object says about one of its containers, for the log follow:
 * whether it runs, how often it restarted, whether the pod is done.
 */
import type { ContainerFacts } from './followTransition.js';

interface PodLike {
  spec?: { containers?: readonly { name: string }[]; initContainers?: readonly { name: string }[] };
  status?: {
    phase?: string;
    containerStatuses?: readonly ContainerStatusLike[];
    initContainerStatuses?: readonly ContainerStatusLike[];
  };
}

interface ContainerStatusLike {
  name: string;
  restartCount?: number;
  state?: { running?: unknown; waiting?: { reason?: string }; terminated?: unknown };
  lastState?: { terminated?: unknown };
}

export const GONE: ContainerFacts = { exists: false, running: false, finished: true, restartCount: 0, hasLog: false };

/** The container a request without `container` reads: the only one, as the apiserver picks it. */
export function defaultContainer(pod: PodLike): string | undefined {
  const containers = pod.spec?.containers ?? [];
  return containers.length === 1 ? containers[0]!.name : undefined;
}

export function containerNames(pod: PodLike): string[] {
  return [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])].map((c) => c.name);
}

export function containerFacts(pod: PodLike | null, container: string | undefined): ContainerFacts {
  if (!pod) return GONE;
  const name = container ?? defaultContainer(pod);
  const statuses = [...(pod.status?.containerStatuses ?? []), ...(pod.status?.initContainerStatuses ?? [])];
  const status = statuses.find((s) => s.name === name);
  const phase = pod.status?.phase;
  // A container the spec does not name (or none picked among several): the server's answer says what is wrong.
  const known = name !== undefined && containerNames(pod).includes(name);
  return {
    exists: true,
    running: status?.state?.running !== undefined,
    finished: phase === 'Succeeded' || phase === 'Failed',
    restartCount: status?.restartCount ?? 0,
    hasLog: !known || status?.state?.running !== undefined || status?.state?.terminated !== undefined || status?.lastState?.terminated !== undefined,
    waitingReason: status?.state?.waiting?.reason,
  };
}
