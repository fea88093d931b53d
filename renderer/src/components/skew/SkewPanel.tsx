import { useState } from 'react';
import type { HostClock } from '../../../../shared/channels/skew';
import { useClock } from '../../clockStore';
import { useMachines } from '../../machinesStore';

const ms = (v: number | null) => (v === null ? '—' : `${v.toLocaleString('en-US', { maximumFractionDigits: 3 })} ms`);
const interval = (h: HostClock) => (h.lowMs === null && h.highMs === null ? 'unbounded' : `[${h.lowMs === null ? '−∞' : ms(h.lowMs)}, ${h.highMs === null ? '+∞' : ms(h.highMs)}]`);

/** One host's override box: typed in ms, applied on Enter or when leaving the box. */
function OverrideBox({ host }: { host: HostClock }) {
  const setOverride = useClock((s) => s.setOverride);
  const [text, setText] = useState<string | undefined>(undefined);
  const shown = text ?? (host.overrideMs === null ? '' : String(host.overrideMs));
  const commit = () => {
    if (text === undefined) return;
    const v = Number(text.replace(',', '.').replace('−', '-'));
    setText(undefined);
    if (text.trim() !== '' && Number.isFinite(v)) void setOverride(host.computer, v);
  };
  return (
    <input
      className="override"
      type="text"
      inputMode="decimal"
      placeholder={String(host.autoMs)}
      value={shown}
      aria-label={`Override offset of ${host.computer} in ms`}
      data-testid={`override-${host.computer}`}
      onChange={(e) => setText(e.currentTarget.value)}
      onBlur={commit}
      onKeyDown={(e) => {
        if (e.key === 'Enter') commit();
        if (e.key === 'Escape') setText(undefined);
      }}
    />
  );
}

/** The machine's other names (Machines panel), whose IIS rows take this computer's offset. */
function AlsoKnownAs({ computer }: { computer: string }) {
  const report = useMachines((s) => s.report);
  const others = report?.machines.find((m) => m.names.some((n) => n.name === computer))?.names.filter((n) => n.name !== computer) ?? [];
  if (others.length === 0) return null;
  const names = others.map((n) => n.name);
  return (
    <span className="muted small" title={names.join(', ')} data-testid="also-known-as">
      {' '}
      also {names.slice(0, 3).join(', ')}
      {names.length > 3 ? ` +${names.length - 3}` : ''}
    </span>
  );
}

/**
 * The Clock skew panel: per computer the solver's offset, its feasible interval, the message pairs
 * it rests on, whether it is linked to the reference, the user's override and what is applied;
 * contradicting messages explained. Adjusted time = raw time − offset.
 */
export function SkewPanel({ onClose }: { onClose(): void }) {
  const report = useClock((s) => s.report);
  const error = useClock((s) => s.error);
  const resetOverride = useClock((s) => s.resetOverride);
  const setReference = useClock((s) => s.setReference);
  return (
    <div className="skew-panel" role="dialog" aria-label="Clock skew" data-testid="skew-panel">
      <div className="skew-head">
        <strong>Clock skew</strong>
        <span className="muted">adjusted time = raw time − offset; reference {report?.reference || '—'}{report?.referencePicked ? ' (your pick)' : ' (most events)'}</span>
        <button type="button" className="icon" onClick={onClose} aria-label="Close">
          ✕
        </button>
      </div>
      {error && <div className="banner error">{error}</div>}
      {!report || report.hosts.length === 0 ? (
        <p className="muted">No svclog traces with computer names are loaded.</p>
      ) : (
        <table className="skew-table">
          <thead>
            <tr>
              <th>Computer</th>
              <th>Events</th>
              <th title="Matched messages to or from other computers">Pairs</th>
              <th>Linked</th>
              <th title="The solver's estimate">Auto offset</th>
              <th title="Offsets consistent with every message">Feasible interval</th>
              <th>Override (ms)</th>
              <th>Applied</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {report.hosts.map((h) => (
              <tr key={h.computer} data-testid="skew-row" data-host={h.computer} data-effective-ms={h.effectiveMs} className={h.overrideMs !== null ? 'overridden' : ''}>
                <td>
                  {h.computer}
                  {h.computer === report.reference ? <span className="badge">reference</span> : null}
                  <AlsoKnownAs computer={h.computer} />
                </td>
                <td className="num">{h.events.toLocaleString('en-US')}</td>
                <td className="num">{h.pairs}</td>
                <td>{h.connected ? 'yes' : <span className="warn-text" title="No message links this computer to the reference: its offset is unknown (0).">no</span>}</td>
                <td className="num">{ms(h.autoMs)}</td>
                <td className="num">{interval(h)}</td>
                <td>
                  <OverrideBox key={`${h.computer}:${h.overrideMs}`} host={h} />
                </td>
                <td className="num" data-testid={`effective-${h.computer}`}>
                  {ms(h.effectiveMs)}
                </td>
                <td className="actions">
                  <button type="button" disabled={h.overrideMs === null} onClick={() => void resetOverride(h.computer)} data-testid={`reset-${h.computer}`}>
                    Reset
                  </button>
                  <button type="button" disabled={h.computer === report.reference} onClick={() => void setReference(h.computer)} title="Measure every other clock against this one">
                    Reference
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {report && !report.consistent && (
        <div className="skew-conflicts" data-testid="skew-conflicts">
          <strong>The messages contradict each other</strong> (a clock jump or a mis-paired message); the offsets above are a least-violation estimate.
          <ul>
            {report.conflicts.map((c, i) => (
              <li key={i}>
                {c.cycle.join(' → ')} → {c.cycle[0]}: off by {ms(c.violationMs)}; messages: {c.messages.join('; ')}
              </li>
            ))}
          </ul>
        </div>
      )}
      <div className="skew-foot">
        <span className="muted">Drag a host's header in the Graph to shift its clock by hand.</span>
        <button type="button" onClick={() => void resetOverride()} disabled={!report?.hosts.some((h) => h.overrideMs !== null)}>
          Reset all
        </button>
        {report?.referencePicked && (
          <button type="button" onClick={() => void setReference(undefined)}>
            Automatic reference
          </button>
        )}
      </div>
    </div>
  );
}
