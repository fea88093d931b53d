import { useEffect, useState, type DragEvent } from 'react';
import type { Machine } from '../../../../shared/channels/machines';
import { useMachines } from '../../machinesStore';
import './machines.css';

const DRAG_TYPE = 'application/x-tracelens-machine-name';

/** One machine: its names (draggable), a drop target for other names, and a keyboard way to join. */
function MachineCard({ machine, others }: { machine: Machine; others: Machine[] }) {
  const join = useMachines((s) => s.join);
  const split = useMachines((s) => s.split);
  const [over, setOver] = useState(false);
  const [target, setTarget] = useState('');
  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setOver(false);
    const name = e.dataTransfer.getData(DRAG_TYPE);
    if (name && !machine.names.some((n) => n.name === name)) void join([machine.names[0].name, name]);
  };
  return (
    <li
      className={over ? 'machine drop-over' : 'machine'}
      data-testid="machine"
      data-machine={machine.name}
      onDragOver={(e) => {
        if (e.dataTransfer.types.includes(DRAG_TYPE)) {
          e.preventDefault();
          // Must agree with the drag's effectAllowed, or the browser refuses the drop.
          e.dataTransfer.dropEffect = 'link';
          setOver(true);
        }
      }}
      onDragLeave={() => setOver(false)}
      onDrop={onDrop}
    >
      <div className="machine-head">
        <strong>{machine.name}</strong>
        <span className="muted small">{machine.names.length === 1 ? '1 name' : `${machine.names.length} names`}</span>
        <span className="spacer" />
        {others.length > 0 && (
          <>
            <select value={target} onChange={(e) => setTarget(e.currentTarget.value)} aria-label={`Join ${machine.name} with`} data-testid="join-select">
              <option value="">Same machine as…</option>
              {others.map((o) => (
                <option key={o.name} value={o.names[0].name}>
                  {o.name}
                </option>
              ))}
            </select>
            <button type="button" disabled={!target} onClick={() => target && void join([machine.names[0].name, target]).then(() => setTarget(''))} data-testid="join-button">
              Join
            </button>
          </>
        )}
      </div>
      <ul className="machine-names">
        {machine.names.map((n) => (
          <li
            key={n.name}
            draggable
            onDragStart={(e) => {
              e.dataTransfer.setData(DRAG_TYPE, n.name);
              e.dataTransfer.effectAllowed = 'link';
            }}
            title="Drag onto another machine to say they are the same computer"
            data-testid="machine-name"
            data-name={n.name}
          >
            <span className="grip" aria-hidden="true">
              ⠿
            </span>
            <span className="name">{n.name}</span> <span className="muted small">{n.sources.join(', ')}</span>
            {n.joinedByUser && (
              <button type="button" className="icon small" onClick={() => void split(n.name)} aria-label={`Split ${n.name} off`} title="Not the same machine after all">
                Split
              </button>
            )}
          </li>
        ))}
      </ul>
    </li>
  );
}

/**
 * The Machines panel: every name a computer goes by in the loaded files, grouped into machines.
 * Names equal ignoring case and domain are joined already; drag a name onto another machine (or
 * pick it in "Same machine as…") to join the rest. Joins are saved with the workspace.
 */
export function MachinesPanel({ onClose }: { onClose(): void }) {
  const report = useMachines((s) => s.report);
  const error = useMachines((s) => s.error);
  const list = report?.machines ?? [];
  return (
    <div className="machines-panel" role="dialog" aria-label="Machines" data-testid="machines-panel">
      <div className="skew-head">
        <strong>Machines</strong>
        <span className="muted">one computer under several names (IIS s-computername, s-ip, cs-host, trace Computer, addresses, FREB)</span>
        <button type="button" className="icon" onClick={onClose} aria-label="Close">
          ✕
        </button>
      </div>
      {error && <div className="banner error">{error}</div>}
      {list.length === 0 ? (
        <p className="muted">No machine names in the loaded files.</p>
      ) : (
        <ul className="machines">
          {list.map((m) => (
            <MachineCard key={m.name + m.names[0].name} machine={m} others={list.filter((o) => o !== m)} />
          ))}
        </ul>
      )}
    </div>
  );
}

/** Toolbar button of the Machines panel. */
export function MachinesButton() {
  const open = useMachines((s) => s.panelOpen);
  const setOpen = useMachines((s) => s.setPanelOpen);
  const count = useMachines((s) => s.report?.machines.length ?? 0);
  const refresh = useMachines((s) => s.refresh);
  useEffect(() => void refresh(), [refresh]);
  return (
    <div className="menu-anchor">
      <button type="button" onClick={() => setOpen(!open)} aria-expanded={open} data-testid="machines-button" title="Machines and the names they go by">
        Machines{count ? ` (${count})` : ''}
      </button>
      {open && <MachinesPanel onClose={() => setOpen(false)} />}
    </div>
  );
}
