// The console's frame: the header (cluster, namespace, downgrade switch), the
// tabs, the page of the current route and the connection panel.
import { KubeClientProvider } from '@rxkube/react';
import { ConnectionPanel } from './connections/ConnectionPanel.tsx';
import { JobDetail } from './jobs/JobDetail.tsx';
import { JobList } from './jobs/JobList.tsx';
import { useConsoleClient } from './lib/useConsoleClient.ts';
import { useScope } from './lib/scope.ts';
import { MicroServiceDetail } from './microservices/MicroServiceDetail.tsx';
import { MicroServiceList } from './microservices/MicroServiceList.tsx';
import { PodDetail } from './pods/PodDetail.tsx';
import { PodList } from './pods/PodList.tsx';
import { Header } from './shell/Header.tsx';
import { Tabs } from './shell/Tabs.tsx';

function Page() {
  const [view = 'pods', namespace, name] = useScope().path;
  if (view === 'jobs' && namespace && name) return <JobDetail key={`${namespace}/${name}`} namespace={namespace} name={name} />;
  if (view === 'jobs') return <JobList />;
  if (view === 'microservices' && namespace && name) return <MicroServiceDetail namespace={namespace} name={name} />;
  if (view === 'microservices') return <MicroServiceList />;
  if (view === 'pods' && namespace && name) return <PodDetail key={`${namespace}/${name}`} namespace={namespace} name={name} />;
  return <PodList />;
}

export function App() {
  const { client, downgrade, setDowngrade } = useConsoleClient();
  return (
    <KubeClientProvider client={client}>
      <div className="app">
        <Header downgrade={downgrade} onDowngradeChange={setDowngrade} />
        <Tabs />
        <div className="layout">
          <main className="page">
            <Page />
          </main>
          <ConnectionPanel />
        </div>
      </div>
    </KubeClientProvider>
  );
}
