import { useEffect } from 'react';
import { useClock } from '../../clockStore';
import { SkewPanel } from './SkewPanel';
import './skew.css';

/** Toolbar: the Adjusted/Raw time toggle and the Clock skew panel's button. */
export function ClockControls() {
  const report = useClock((s) => s.report);
  const setMode = useClock((s) => s.setMode);
  const panelOpen = useClock((s) => s.panelOpen);
  const setPanelOpen = useClock((s) => s.setPanelOpen);
  const refresh = useClock((s) => s.refresh);
  useEffect(() => void refresh(), [refresh]);
  const mode = report?.mode ?? 'adjusted';
  const skewed = report?.hosts.filter((h) => h.effectiveMs !== 0).length ?? 0;
  return (
    <div className="clock-controls menu-anchor">
      <div className="segmented" role="group" aria-label="Time shown" data-testid="clock-mode" data-mode={mode}>
        <button type="button" aria-pressed={mode === 'adjusted'} className={mode === 'adjusted' ? 'on' : ''} onClick={() => void setMode('adjusted')} title="Show every time corrected for each computer's clock offset" data-testid="mode-adjusted">
          Adjusted
        </button>
        <button type="button" aria-pressed={mode === 'raw'} className={mode === 'raw' ? 'on' : ''} onClick={() => void setMode('raw')} title="Show times as each computer wrote them" data-testid="mode-raw">
          Raw
        </button>
      </div>
      <button type="button" onClick={() => setPanelOpen(!panelOpen)} aria-expanded={panelOpen} data-testid="skew-button" title="Clock offsets per computer">
        Clock skew{report && report.hosts.length > 1 ? ` (${skewed}/${report.hosts.length - 1})` : ''}
        {report && !report.consistent ? ' ⚠' : ''}
      </button>
      {panelOpen && <SkewPanel onClose={() => setPanelOpen(false)} />}
    </div>
  );
}
