import { describe, expect, it } from 'vitest';
import { KubeApiError } from '../errors/KubeApiError.js';
import type { WatchEvent } from '../watch/events.js';
import { DEFAULT_COLUMNS, type TableColumn } from './table.js';
import { acceptHeader, PLAIN_JSON } from './view.js';
import { ViewCodec, type ViewRequest } from './viewCodec.js';
import { ViewMemory } from './viewMemory.js';

const columns: TableColumn[] = [
  { name: 'Name', type: 'string', format: 'name', description: '', priority: 0 },
  { name: 'Status', type: 'string', format: '', description: '', priority: 0 },
];
const meta = (name: string, resourceVersion: string) => ({ name, namespace: 'ns', resourceVersion, managedFields: [{ manager: 'kubectl' }] });
const partial = (name: string, rv: string) => ({ kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: meta(name, rv) });
const pod = (name: string, rv: string) => ({ kind: 'Pod', apiVersion: 'v1', metadata: meta(name, rv), spec: { nodeName: 'n1' } });
const tableEvent = (type: WatchEvent['type'], name: string, rv: string, withColumns = false): WatchEvent =>
  ({ type, object: { kind: 'Table', metadata: { resourceVersion: rv }, ...(withColumns ? { columnDefinitions: columns } : {}), rows: [{ cells: [name, 'Running'], object: partial(name, rv) }] } }) as unknown as WatchEvent;

function codec(view: ViewRequest['view'], memory = new ViewMemory(), keepManagedFields = false) {
  return { memory, codec: new ViewCodec({ view, keepManagedFields, bucket: `b|${view}`, plural: 'pods' }, memory) };
}

describe('view codec', () => {
  it('asks for PartialObjectMetadataList on lists and the singular on watches, drop parameter first, plain JSON last', () => {
    expect(acceptHeader('metadata', 'list', false)).toBe('application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1;drop=metadata.managedFields, application/json');
    expect(acceptHeader('metadata', 'watch', false)).toBe('application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1;drop=metadata.managedFields, application/json');
    expect(acceptHeader('table', 'watch', true)).toBe('application/json;as=Table;g=meta.k8s.io;v=v1, application/json');
    expect(acceptHeader('full', 'list', true)).toBe('application/json');
  });

  it('turns a Table list into rows keyed by their metadata, without managedFields, and keeps the columns', () => {
    const { codec: c, memory } = codec('table');
    const list = c.list({ kind: 'Table', metadata: { resourceVersion: '9' }, columnDefinitions: columns, rows: [{ cells: ['a', 'Running'], object: partial('a', '3') }] });
    expect(list?.items).toEqual([{ key: 'ns/a', metadata: { name: 'a', namespace: 'ns', resourceVersion: '3' }, cells: ['a', 'Running'] }]);
    expect(memory.columnsOf('b|table')!.map((column) => column.name)).toEqual(['Name', 'Status']);
  });

  it('never keeps a row without a name; its version still moves the watch on as a bookmark', () => {
    const { codec: c } = codec('table');
    const list = c.list({ kind: 'Table', metadata: { resourceVersion: '9' }, rows: [{ cells: ['x'] }, { cells: ['y'], object: { metadata: { namespace: 'ns' } } }] });
    expect(list?.items).toEqual([]);
    const event = { type: 'MODIFIED', object: { kind: 'Table', metadata: { resourceVersion: '12' }, rows: [{ cells: ['x'] }] } } as unknown as WatchEvent;
    expect(c.events([event])).toEqual([{ type: 'BOOKMARK', object: { metadata: { resourceVersion: '12' } } }]);
  });

  it('keeps the columns of the first watch event for the events after it, and for the next watch that repeats them', () => {
    const memory = new ViewMemory();
    const first = codec('table', memory).codec;
    first.events([tableEvent('ADDED', 'a', '5', true), tableEvent('MODIFIED', 'a', '6')]);
    const kept = memory.columnsOf('b|table');
    expect(kept!.map((column) => column.name)).toEqual(['Name', 'Status']);
    // A resumed watch (a new connection) sends the same columns again: the same array stays, so no subscriber sees a change.
    codec('table', memory).codec.events([tableEvent('MODIFIED', 'a', '7', true)]);
    expect(memory.columnsOf('b|table')).toBe(kept);
  });

  it('keys a row that carries its whole object (includeObject=Object) by its metadata, and keeps only that', () => {
    const { codec: c } = codec('table');
    const list = c.list({ kind: 'Table', metadata: { resourceVersion: '9' }, columnDefinitions: columns, rows: [{ cells: ['a', 'Running'], object: pod('a', '3') }] });
    expect(list?.items).toEqual([{ key: 'ns/a', metadata: { name: 'a', namespace: 'ns', resourceVersion: '3' }, cells: ['a', 'Running'] }]);
  });

  it('turns a Table bookmark into a bookmark of its version', () => {
    const { codec: c } = codec('table');
    expect(c.events([tableEvent('BOOKMARK', '', '20', true)])).toEqual([{ type: 'BOOKMARK', object: { metadata: { resourceVersion: '20' } } }]);
  });

  it('projects a full object sent on a metadata watch (a failed transform) and says so', () => {
    const { codec: c, memory } = codec('metadata');
    const [event] = c.events([{ type: 'MODIFIED', object: pod('a', '4') } as WatchEvent]);
    expect(event!.object).toEqual({ apiVersion: 'meta.k8s.io/v1', kind: 'PartialObjectMetadata', metadata: { name: 'a', namespace: 'ns', resourceVersion: '4' } });
    expect(memory.notice('b|metadata')?.reason).toBe('ViewFallback');
  });

  it('projects full objects sent for a table into rows of the default columns: the name, and the rest unknown', () => {
    const { codec: c, memory } = codec('table');
    const list = c.list({ kind: 'PodList', metadata: { resourceVersion: '3' }, items: [{ ...pod('a', '2'), metadata: { ...meta('a', '2'), creationTimestamp: '2026-12-01T00:00:00Z' } }] });
    expect(memory.columnsOf('b|table')).toEqual(DEFAULT_COLUMNS);
    expect(list?.items[0]).toMatchObject({ key: 'ns/a', cells: ['a', '2026-12-01T00:00:00Z'] });
  });

  it('drops managedFields from full objects unless asked to keep them', () => {
    const dropped = codec('full').codec.events([{ type: 'ADDED', object: pod('a', '1') } as WatchEvent]);
    expect((dropped[0]!.object as { metadata?: object }).metadata).not.toHaveProperty('managedFields');
    const kept = codec('full', new ViewMemory(), true).codec.events([{ type: 'ADDED', object: pod('a', '1') } as WatchEvent]);
    expect((kept[0]!.object as { metadata?: object }).metadata).toHaveProperty('managedFields');
  });

  it('after a 406, asks again with plain JSON, and asks plainly from then on', async () => {
    const { codec: c, memory } = codec('metadata');
    const accepts: string[] = [];
    const answer = await c.send('list', async (accept) => {
      accepts.push(accept);
      if (accept !== PLAIN_JSON) throw new KubeApiError({ kind: 'Status', code: 406, reason: 'NotAcceptable', message: 'no' });
      return 'ok';
    });
    expect(answer).toBe('ok');
    await c.send('watch', async (accept) => void accepts.push(accept));
    expect(accepts).toEqual([acceptHeader('metadata', 'list', false), PLAIN_JSON, PLAIN_JSON]);
    expect(memory.notice('b|metadata')?.message).toMatch(/406/);
  });
});
