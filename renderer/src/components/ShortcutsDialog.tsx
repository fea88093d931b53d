import { QUERY_FIELDS } from '../../../shared/query/fields';
import { QUERY_HELP } from '../../../shared/query/help';
import { SHORTCUTS } from '../../../shared/shortcuts';
import { useView } from '../viewStore';

/** Help › Keyboard shortcuts (also the toolbar's "?" and F1). */
export function ShortcutsDialog() {
  const open = useView((s) => s.shortcutsOpen);
  const setOpen = useView((s) => s.setShortcutsOpen);
  if (!open) return null;
  return (
    <div className="modal-backdrop" onClick={() => setOpen(false)}>
      <div className="modal" role="dialog" aria-modal="true" aria-label="Keyboard shortcuts" data-testid="shortcuts-dialog" onClick={(e) => e.stopPropagation()}>
        <h2>Keyboard shortcuts</h2>
        <table className="fields">
          <tbody>
            {SHORTCUTS.map((s) => (
              <tr key={s.keys}>
                <th>
                  <kbd>{s.keys}</kbd>
                </th>
                <td>{s.action}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <h2>Filter query</h2>
        <table className="fields" data-testid="query-help">
          <tbody>
            {QUERY_HELP.map((q) => (
              <tr key={q.example}>
                <th>
                  <code>{q.example}</code>
                </th>
                <td>{q.meaning}</td>
              </tr>
            ))}
          </tbody>
        </table>
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
