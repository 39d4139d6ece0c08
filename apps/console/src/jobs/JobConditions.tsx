import { useJob } from './useJob.ts';

export function JobConditions({ namespace, name }: { namespace: string; name: string }) {
  const { data: job } = useJob(namespace, name);
  if (!job) return null;
  const conditions = job.status?.conditions ?? [];
  return (
    <section className="card" data-testid="job-conditions">
      <h3>Conditions</h3>
      {conditions.length === 0 ? (
        <p className="empty">No conditions yet.</p>
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th>Type</th>
              <th>Status</th>
              <th>Reason</th>
              <th>Message</th>
            </tr>
          </thead>
          <tbody>
            {conditions.map((c) => (
              <tr key={c.type} data-testid="job-condition" data-type={c.type}>
                <td>{c.type}</td>
                <td>{c.status}</td>
                <td>{c.reason ?? '-'}</td>
                <td className="muted">{c.message ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
