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
        <div className="modal-actions">
          <button type="button" className="primary" onClick={() => setOpen(false)} autoFocus>
            Close
          </button>
        </div>
      </div>
    </div>
  );
}
