import { useEffect, useRef, useState } from 'react';
import type { AppliedCustomFilter, CustomFilter } from '../../../../shared/channels/filter';
import { getApi } from '../../api';
import { displayText } from '../../safeText';
import { useStore } from '../../store';
import { useView } from '../../viewStore';
import { deliver } from '../../workspace';
import { CreateCustomFilterDialog } from './CreateCustomFilterDialog';

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** Applies a library filter with its parameter values (replacing an earlier use of the same filter). */
function apply(f: CustomFilter, args: string[]): void {
  const applied: AppliedCustomFilter = { name: f.name, xpath: f.xpath, ...(f.namespaces ? { namespaces: f.namespaces } : {}), ...(args.length ? { args } : {}) };
  const others = (useView.getState().filter.custom ?? []).filter((c) => c.name !== f.name);
  useView.getState().setFilter({ custom: [...others, applied] });
}

function unapply(name: string): void {
  const rest = (useView.getState().filter.custom ?? []).filter((c) => c.name !== name);
  useView.getState().setFilter({ custom: rest.length ? rest : undefined });
}

/** Adds filters to the library, a filter of the same name replaced. */
export function addToLibrary(filters: readonly CustomFilter[]): void {
  const names = new Set(filters.map((f) => f.name));
  const v = useView.getState();
  v.setCustomFilters([...v.customFilters.filter((f) => !names.has(f.name)), ...filters]);
}

/** One library filter: a checkbox to apply it, its parameters asked for first. */
function FilterItem({ f }: { f: CustomFilter }) {
  const applied = useView((s) => s.filter.custom?.find((c) => c.name === f.name));
  const [asking, setAsking] = useState(false);
  const [args, setArgs] = useState<string[]>(() => (f.parameters ?? []).map((_, i) => applied?.args?.[i] ?? ''));
  const params = f.parameters ?? [];
  return (
    <li className="custom-filter-item" data-testid="custom-filter-item">
      <label title={displayText(f.description ?? f.xpath)}>
        <input
          type="checkbox"
          checked={!!applied}
          onChange={(e) => {
            if (!e.currentTarget.checked) unapply(f.name);
            else if (params.length) setAsking(true);
            else apply(f, []);
          }}
          data-testid="custom-filter-toggle"
        />{' '}
        {displayText(f.name)}
        {applied?.args?.length ? <span className="muted"> ({applied.args.map(displayText).join(', ')})</span> : null}
      </label>
      <button type="button" className="icon" title="Remove from the library" aria-label={`Remove ${f.name}`} onClick={() => (unapply(f.name), useView.getState().setCustomFilters(useView.getState().customFilters.filter((x) => x.name !== f.name)))}>
        ✕
      </button>
      {f.description && <div className="muted small">{displayText(f.description)}</div>}
      <code className="small xpath">{displayText(f.xpath)}</code>
      {asking && (
        <form
          className="custom-filter-params"
          onSubmit={(e) => {
            e.preventDefault();
            apply(f, args);
            setAsking(false);
          }}
        >
          {params.map((p, i) => (
            <label key={i}>
              {`{${i}}`} {displayText(p.name)}{' '}
              <input value={args[i] ?? ''} autoFocus={i === 0} onChange={(e) => setArgs(args.map((a, k) => (k === i ? e.currentTarget.value : a)))} data-testid={`custom-filter-param-${i}`} />
            </label>
          ))}
          <button type="submit" className="primary" data-testid="custom-filter-apply">
            Apply
          </button>
          <button type="button" onClick={() => setAsking(false)}>
            Cancel
          </button>
        </form>
      )}
    </li>
  );
}

/** The filter bar's "Custom filters" menu: the library (apply, parameters, remove), import/export .stvcf, create from the selected trace. */
export function CustomFilterButton() {
  const [open, setOpen] = useState(false);
  const [creating, setCreating] = useState(false);
  const library = useView((s) => s.customFilters);
  const applied = useView((s) => s.filter.custom?.length ?? 0);
  const current = useView((s) => s.current);
  const root = useRef<HTMLDivElement>(null);
  const picker = useRef<HTMLInputElement>(null);
  const notify = useStore((s) => s.notify);

  useEffect(() => {
    if (!open) return;
    const outside = (e: PointerEvent) => !root.current?.contains(e.target as Node) && setOpen(false);
    document.addEventListener('pointerdown', outside);
    return () => document.removeEventListener('pointerdown', outside);
  }, [open]);

  const importFiles = async (files: FileList | null) => {
    for (const file of Array.from(files ?? [])) {
      try {
        if (file.size > 512 * 1024) throw new Error(`${file.name} is larger than 512 KiB; a custom filter file is a few kilobytes.`);
        const r = await getApi().call('customFilters.read', { name: file.name, text: await file.text() });
        addToLibrary(r.filters);
        for (const p of r.problems) notify(p);
        if (r.filters.length) notify(`Imported ${r.filters.length} custom filter(s) from ${file.name}.`);
      } catch (e) {
        notify(message(e));
      }
    }
  };

  return (
    <div className="multi-select custom-filters" ref={root}>
      <button type="button" className={applied ? 'toggle on' : 'toggle'} aria-haspopup="true" aria-expanded={open} onClick={() => setOpen(!open)} data-testid="custom-filters">
        Custom filters{applied ? ` (${applied})` : ''} ▾
      </button>
      {open && (
        <div className="multi-popup custom-filter-popup" role="menu">
          {library.length === 0 ? <p className="muted">No custom filters yet: create one from a selected trace, or import a Service Trace Viewer .stvcf file.</p> : <ul>{library.map((f) => <FilterItem key={f.name} f={f} />)}</ul>}
          <div className="custom-filter-actions">
            <button type="button" disabled={!current || current.activity < 0} title={current ? 'Pick nodes of the selected trace’s XML' : 'Select a trace in the trace list first'} onClick={() => setCreating(true)} data-testid="custom-filter-create">
              New from selected trace…
            </button>
            <button type="button" onClick={() => picker.current?.click()} data-testid="custom-filter-import">
              Import .stvcf…
            </button>
            <button
              type="button"
              disabled={library.length === 0}
              onClick={() =>
                void getApi()
                  .call('customFilters.save', { filters: library })
                  .then((saved) => deliver(saved, 'Custom filters'), (e: unknown) => notify(message(e)))
              }
              data-testid="custom-filter-export"
            >
              Export .stvcf
            </button>
            <input ref={picker} type="file" accept=".stvcf,.xml" hidden onChange={(e) => void importFiles(e.currentTarget.files).then(() => picker.current && (picker.current.value = ''))} data-testid="custom-filter-file" />
          </div>
        </div>
      )}
      {creating && current && <CreateCustomFilterDialog trace={current} onClose={() => setCreating(false)} />}
    </div>
  );
}
