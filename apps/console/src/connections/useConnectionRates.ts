// Samples `client.connections()` once a second and derives each query's
// events per second from the change of its `events` counter since the last
// sample (a counter that went backwards belongs to a new query: rate 0).
import { useEffect, useState } from 'react';
import type { ConnectionInfo, KubeClient } from '@rxkube/core';

export interface ConnectionRow extends ConnectionInfo {
  eventsPerSecond: number;
}

interface Sample {
  at: number;
  events: Map<string, number>;
}

export function sampleRates(connections: readonly ConnectionInfo[], previous: Sample | undefined, at: number): [ConnectionRow[], Sample] {
  const seconds = previous ? (at - previous.at) / 1000 : 0;
  const rows = connections.map((c) => {
    const before = previous?.events.get(c.key);
    const delta = before === undefined || c.events < before ? 0 : c.events - before;
    return { ...c, eventsPerSecond: seconds > 0 ? delta / seconds : 0 };
  });
  return [rows, { at, events: new Map(connections.map((c) => [c.key, c.events])) }];
}

export function useConnectionRates(client: KubeClient, intervalMs = 1_000): ConnectionRow[] {
  const [rows, setRows] = useState<ConnectionRow[]>([]);
  useEffect(() => {
    let previous: Sample | undefined;
    const sample = () => {
      const [next, taken] = sampleRates(client.connections(), previous, performance.now());
      previous = taken;
      setRows(next);
    };
    sample();
    const timer = setInterval(sample, intervalMs);
    return () => clearInterval(timer);
  }, [client, intervalMs]);
  return rows;
}
