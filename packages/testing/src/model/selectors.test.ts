import { describe, expect, it } from 'vitest';
import { ApiError } from './status.js';
import { compileFieldSelector, parseFieldSelector } from './fieldSelector.js';
import { parseLabelSelector } from './labelSelector.js';
import { FakeModel } from './model.js';

const labels = { app: 'web', tier: 'frontend', 'app.kubernetes.io/name': 'shop' };

describe('label selectors', () => {
  it.each([
    ['app=web', true],
    ['app==web', true],
    ['app!=web', false],
    ['app!=api', true],
    ['missing!=x', true],
    ['app in (web,api)', true],
    ['app in (api)', false],
    ['app notin (api, db)', true],
    ['missing notin (a)', true],
    ['missing in (a)', false],
    ['tier', true],
    ['missing', false],
    ['!missing', true],
    ['!tier', false],
    ['app=web,tier=frontend', true],
    ['app=web,tier=backend', false],
    ['app.kubernetes.io/name=shop', true],
    ['app in (web),!missing,tier', true],
    ['', true],
  ])('%s selects: %s', (selector, expected) => {
    expect(parseLabelSelector(selector).matches(labels)).toBe(expected);
  });

  it('matches objects without labels only through negative requirements', () => {
    expect(parseLabelSelector('app!=web').matches(undefined)).toBe(true);
    expect(parseLabelSelector('app=web').matches(undefined)).toBe(false);
  });

  it.each(['app in (web', 'app in ()', '=web', 'a b c', 'app=we b', 'bad key!=x', 'app>x'])('rejects %j with 400 BadRequest', (selector) => {
    let error: unknown;
    try {
      parseLabelSelector(selector).matches(labels);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toMatchObject({ code: 400, reason: 'BadRequest' });
  });
});

const model = new FakeModel();
const fields = (r: string) => model.resources.resolve(r).fields;

describe('field selectors', () => {
  const pods = model.resources.resolve('pods');
  const pod = { metadata: { name: 'a', namespace: 'ns1' }, spec: { nodeName: 'node-1' }, status: { phase: 'Running' } };
  const check = (selector: string, obj: unknown = pod) => compileFieldSelector(parseFieldSelector(selector), pods.fields)(obj);

  it('supports metadata.name, metadata.namespace and the pod fields with =, == and !=', () => {
    expect(check('metadata.name=a')).toBe(true);
    expect(check('metadata.name==a,metadata.namespace=ns1')).toBe(true);
    expect(check('metadata.namespace!=ns1')).toBe(false);
    expect(check('status.phase=Running,spec.nodeName=node-1')).toBe(true);
    expect(check('status.phase!=Running')).toBe(false);
    expect(check('spec.nodeName=')).toBe(false);
    expect(check('spec.nodeName=', { metadata: { name: 'b' } })).toBe(true);
  });

  it('supports the Event fields of both Event APIs and Job status.successful', () => {
    const modern = { metadata: { name: 'e' }, regarding: { kind: 'Job', name: 'j', namespace: 'n' }, reason: 'Completed', type: 'Normal' };
    const legacy = { metadata: { name: 'e' }, involvedObject: { kind: 'Pod', name: 'p', namespace: 'n', uid: 'u1' }, reason: 'Started', type: 'Warning' };
    expect(compileFieldSelector(parseFieldSelector('regarding.kind=Job,regarding.name=j,regarding.namespace=n,reason=Completed,type=Normal'), fields('events.events.k8s.io'))(modern)).toBe(true);
    expect(compileFieldSelector(parseFieldSelector('involvedObject.kind=Pod,involvedObject.uid=u1,involvedObject.name=p,reason=Started,type!=Normal'), fields('events'))(legacy)).toBe(true);
    expect(compileFieldSelector(parseFieldSelector('status.successful=2'), fields('jobs'))({ metadata: { name: 'j' }, status: { succeeded: 2 } })).toBe(true);
    expect(compileFieldSelector(parseFieldSelector('status.successful=0'), fields('jobs'))({ metadata: { name: 'j' } })).toBe(true);
  });

  it('rejects unsupported fields and unparsable selectors with 400', () => {
    expect(() => check('spec.unknown=x')).toThrow(/field label not supported: spec.unknown/);
    expect(() => check('metadata.name')).toThrow(ApiError);
  });

  it('unescapes commas and equal signs in values', () => {
    const cm = { metadata: { name: 'a,b=c', namespace: 'n' } };
    expect(check('metadata.name=a\\,b\\=c', cm)).toBe(true);
  });
});
