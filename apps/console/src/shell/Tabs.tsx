import { useScope } from '../lib/scope.ts';

const SECTIONS = [
  { id: 'pods', label: 'Pods' },
  { id: 'jobs', label: 'Jobs' },
  { id: 'deployments', label: 'Deployments' },
  { id: 'microservices', label: 'MicroServices' },
];

export function Tabs() {
  const scope = useScope();
  const current = scope.path[0] ?? 'pods';
  return (
    <nav className="tabs">
      {SECTIONS.map((s) => (
        <a key={s.id} data-testid={`nav-${s.id}`} href={scope.link([s.id])} className={s.id === current ? 'tab active' : 'tab'}>
          {s.label}
        </a>
      ))}
    </nav>
  );
}
