import type { ReactNode } from 'react';
import { QUERY_FIELDS } from '../../../shared/query/fields';
import { QUERY_HELP } from '../../../shared/query/help';
import { SHORTCUTS } from '../../../shared/shortcuts';
import { useView } from '../viewStore';

/** Two columns: what to type, what it does. */
function HelpTable({ rows, testId }: { rows: [ReactNode, string][]; testId?: string }) {
  return (
    <table className="fields" data-testid={testId}>
      <tbody>
        {rows.map(([what, does]) => (
          <tr key={does}>
            <th>{what}</th>
            <td>{does}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Help › Keyboard shortcuts (also the toolbar's "?" and F1). */
export function ShortcutsDialog() {
  const open = useView((s) => s.shortcutsOpen);
  const setOpen = useView((s) => s.setShortcutsOpen);
  if (!open) return null;
  return (
    <div className="modal-backdrop" onClick={() => setOpen(false)}>
      <div className="modal" role="dialog" aria-modal="true" aria-label="Keyboard shortcuts" data-testid="shortcuts-dialog" onClick={(e) => e.stopPropagation()}>
        <h2>Keyboard shortcuts</h2>
        <HelpTable rows={SHORTCUTS.map((s) => [<kbd key="k">{s.keys}</kbd>, s.action])} />
        <h2>Filter query</h2>
        <HelpTable testId="query-help" rows={QUERY_HELP.map((q) => [<code key="c">{q.example}</code>, q.meaning])} />
        <p className="small muted">
          Fields: {QUERY_FIELDS.map((f) => f.name + (f.aliases?.length ? ` (${f.aliases.join(', ')})` : '')).join(', ')}. The same grammar is <code>tracelens export|summary --where</code>.
        </p>
        <div className="modal-actions">
          <button type="button" className="primary" onClick={() => setOpen(false)} autoFocus>
            Close
          </button>
        </div>
      </div>
    </div>
  );
}
