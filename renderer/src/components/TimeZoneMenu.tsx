import { useMemo, useState } from 'react';
import { isZoneChoice, knownZones, resolveZone, zoneLabel, zoneOffsetMs, offsetSuffix, ZONE_LOCAL, ZONE_UTC } from '../../../shared/time-zone';
import { useTimeZone, useZoneStore } from '../timeZone';

/** "UTC−05:00" for the zone now: what the picker shows next to each name. */
const offsetNow = (zone: string) => {
  const s = offsetSuffix(zoneOffsetMs(zone, Date.now()));
  return s === 'Z' ? 'UTC' : `UTC${s}`;
};

/** The toolbar's Time choice: UTC, local, or any IANA zone by name (checked before it is used). */
export function TimeZoneMenu() {
  const zone = useTimeZone();
  const setZone = useZoneStore((s) => s.setZone);
  const [open, setOpen] = useState(false);
  const [name, setName] = useState(zone !== ZONE_UTC && zone !== ZONE_LOCAL ? zone : '');
  const zones = useMemo(() => (open ? knownZones() : []), [open]);
  const bad = name.trim() !== '' && !isZoneChoice(name.trim());
  const choose = (z: string) => {
    setZone(z);
    setOpen(false);
  };
  return (
    <div className="menu-anchor">
      <button type="button" onClick={() => setOpen(!open)} aria-haspopup="menu" aria-expanded={open} data-testid="time-zone-button" title={`Times are shown in ${zoneLabel(zone)}; click to change`}>
        Time: {zone === ZONE_LOCAL ? 'Local' : resolveZone(zone)} ▾
      </button>
      {open && (
        <div className="menu zone-menu" role="menu" data-testid="time-zone-menu">
          <label>
            <input type="radio" name="zone" checked={zone === ZONE_UTC} readOnly onClick={() => choose(ZONE_UTC)} data-testid="zone-utc" /> UTC
          </label>
          <label>
            <input type="radio" name="zone" checked={zone === ZONE_LOCAL} readOnly onClick={() => choose(ZONE_LOCAL)} data-testid="zone-local" /> Local ({resolveZone(ZONE_LOCAL)}, {offsetNow(ZONE_LOCAL)} now)
          </label>
          <form
            className="zone-named"
            onSubmit={(e) => {
              e.preventDefault();
              if (!bad && name.trim()) choose(name.trim());
            }}
          >
            <label>
              <input type="radio" name="zone" checked={zone !== ZONE_UTC && zone !== ZONE_LOCAL} readOnly onClick={() => !bad && name.trim() && choose(name.trim())} /> Zone
            </label>
            <input className={bad ? 'bad' : ''} list="tz-names" value={name} placeholder="Europe/Berlin" aria-label="Time zone name" data-testid="zone-name" onChange={(e) => setName(e.currentTarget.value)} />
            <datalist id="tz-names">
              {zones.map((z) => (
                <option key={z} value={z} />
              ))}
            </datalist>
            <button type="submit" disabled={bad || !name.trim()} data-testid="zone-apply">
              Show
            </button>
          </form>
          {bad && <div className="error-text zone-hint">“{name.trim()}” is not a time zone: use an IANA name such as America/New_York.</div>}
          {!bad && name.trim() && <div className="muted zone-hint">{offsetNow(name.trim())} now</div>}
        </div>
      )}
    </div>
  );
}
