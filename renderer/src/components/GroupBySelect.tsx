import { useView, type ListName } from '../viewStore';

/** A list's Group By choice (saved with the list's layout). */
export function GroupBySelect<K extends string>(p: { list: ListName; options: readonly K[]; labels: Record<K, string> }) {
  const value = useView((s) => s.lists[p.list]?.groupBy ?? 'none');
  const setList = useView((s) => s.setList);
  return (
    <label className="group-by small">
      Group by{' '}
      <select value={value} data-testid={`${p.list}-group-by`} onChange={(e) => setList(p.list, { groupBy: e.target.value })}>
        {p.options.map((o) => (
          <option key={o} value={o}>
            {p.labels[o]}
          </option>
        ))}
      </select>
    </label>
  );
}
