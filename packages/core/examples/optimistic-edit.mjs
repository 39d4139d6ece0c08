// An optimistic edit against a Kubernetes API (the fake apiserver of
// `npm start`, or `kubectl proxy`): follow a Job, suspend it with `mutate`,
// and print what a subscriber saw. The edit shows before the server has
// answered, then the server's confirmed version replaces it.
//
//   node packages/core/examples/optimistic-edit.mjs http://127.0.0.1:8001
import { createKubeClient, Jobs } from '@rxkube/core';

const baseUrl = process.argv[2] ?? 'http://127.0.0.1:8001';
const client = createKubeClient({ baseUrl });
const target = { resource: Jobs, namespace: 'default', name: `example-${process.pid}` };

await client.createResource({
  resource: Jobs,
  namespace: target.namespace,
  body: {
    metadata: { name: target.name, namespace: target.namespace },
    spec: { suspend: true, template: { spec: { containers: [{ name: 'main', image: 'busybox' }], restartPolicy: 'Never' } } },
  },
});

const seen = [];
let subscription;
await new Promise((resolve) => {
  subscription = client.watchResource(target).subscribe((job) => {
    seen.push(`${job.spec.suspend ? 'suspended' : 'running'} at resourceVersion ${job.metadata.resourceVersion}`);
    resolve();
  });
});

// Resume it: every subscriber shows it running at once, on the version it was made on.
const answer = await client.mutate(target, (job) => {
  job.spec.suspend = false;
});
for (const line of seen) console.log(`subscriber saw: ${line}`);
console.log(`server answered: ${answer.spec.suspend ? 'suspended' : 'running'} at resourceVersion ${answer.metadata.resourceVersion}`);

subscription.unsubscribe();
await client.deleteResource(target);
client.dispose();
