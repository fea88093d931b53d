import { useEffect, useMemo, useState } from 'react';
import type { TraceNodes } from '../../../../shared/channels/custom-filters';
import type { CustomFilter } from '../../../../shared/channels/filter';
import { buildXPath, type NodePick } from '../../../../shared/query/xpath-build';
import { getApi } from '../../api';
import { displayText } from '../../safeText';
import { useView, type Current } from '../../viewStore';
import { addToLibrary } from './CustomFilterMenu';

interface Pick {
  value: string;
  /** Compare with a parameter asked for when the filter is applied, under this name. */
  parameter?: string;
}

/**
 * Service Trace Viewer's "Create custom filter": the selected trace's XML as a tree of elements
 * and attributes; each ticked node becomes a condition of the XPath (its value, or a parameter
 * {0}–{3}); the XPath can still be edited before it is saved with a name and description.
 */
export function CreateCustomFilterDialog({ trace, onClose }: { trace: Current; onClose(): void }) {
  const [tree, setTree] = useState<TraceNodes | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [picks, setPicks] = useState<Record<string, Pick>>({});
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [edited, setEdited] = useState<string | undefined>();

  useEffect(() => {
    let live = true;
    getApi()
      .call('customFilters.nodes', { fileId: trace.fileId, index: trace.index })
      .then((t) => live && setTree(t))
      .catch((e: unknown) => live && setError(e instanceof Error ? e.message : String(e)));
    return () => {
      live = false;
    };
  }, [trace.fileId, trace.index]);

  const order = (tree?.nodes ?? []).map((n) => n.path).filter((p) => p in picks);
  const params = order.filter((p) => picks[p].parameter !== undefined);
  const generated = useMemo(
    () =>
      buildXPath(
        order.map((p): NodePick => {
          const k = params.indexOf(p);
          return k >= 0 ? { path: p, parameter: k } : picks[p].value === '' ? { path: p } : { path: p, value: picks[p].value };
        }),
      ),
    [JSON.stringify(picks), tree],
  );
  const xpath = edited ?? generated;
  const toggle = (path: string, value: string) => {
    setEdited(undefined);
    setPicks((p) => {
      const next = { ...p };
      if (path in next) delete next[path];
      else next[path] = { value };
      return next;
    });
  };
  const save = (andApply: boolean) => {
    const filter: CustomFilter = {
      name: name.trim(),
      ...(description.trim() ? { description: description.trim() } : {}),
      xpath,
      ...(tree && Object.keys(tree.namespaces).length ? { namespaces: tree.namespaces } : {}),
      ...(params.length ? { parameters: params.map((p) => ({ name: picks[p].parameter || p.split('/').pop()! })) } : {}),
    };
    addToLibrary([filter]);
    if (andApply && !params.length) {
      const others = (useView.getState().filter.custom ?? []).filter((c) => c.name !== filter.name);
      useView.getState().setFilter({ custom: [...others, { name: filter.name, xpath: filter.xpath, ...(filter.namespaces ? { namespaces: filter.namespaces } : {}) }] });
    }
    onClose();
  };
  const canSave = name.trim() !== '' && xpath.trim() !== '' && params.length <= 4;

  return (
    <div className="modal-backdrop" onClick={onClose}>
      <div className="modal custom-filter-dialog" role="dialog" aria-modal="true" aria-label="Create custom filter" data-testid="custom-filter-dialog" onClick={(e) => e.stopPropagation()}>
        <h2>Create custom filter from this trace</h2>
        {error && <p className="error-text">{error}</p>}
        {tree?.problem && <p className="muted">{tree.problem}</p>}
        <p className="muted small">Tick the elements and attributes the traces must have; a ticked value must match, or becomes a parameter asked for when the filter is applied.</p>
        <div className="node-tree" data-testid="custom-filter-nodes">
          {(tree?.nodes ?? []).map((n) => {
            const pick = picks[n.path];
            return (
              <div key={n.path} className={`node-row${n.attribute ? ' attribute' : ''}`} style={{ paddingLeft: n.depth * 14 }} data-testid="custom-filter-node" data-path={n.path}>
                <label title={n.path}>
                  <input type="checkbox" checked={!!pick} onChange={() => toggle(n.path, n.value)} /> <span className="node-name">{displayText(n.name)}</span>
                </label>
                {pick ? (
                  <>
                    {pick.parameter === undefined ? (
                      <input className="node-value" value={pick.value} onChange={(e) => (setEdited(undefined), setPicks({ ...picks, [n.path]: { ...pick, value: e.currentTarget.value } }))} aria-label={`Value of ${n.name}`} />
                    ) : (
                      <input className="node-value" value={pick.parameter} placeholder="parameter name" onChange={(e) => (setEdited(undefined), setPicks({ ...picks, [n.path]: { ...pick, parameter: e.currentTarget.value } }))} aria-label={`Parameter name for ${n.name}`} data-testid="custom-filter-param-name" />
                    )}
                    <label className="small" title="Ask for this value when the filter is applied">
                      <input type="checkbox" checked={pick.parameter !== undefined} onChange={(e) => (setEdited(undefined), setPicks({ ...picks, [n.path]: { ...pick, parameter: e.currentTarget.checked ? n.name.replace(/^@/, '') : undefined } }))} data-testid="custom-filter-as-param" /> parameter
                    </label>
                  </>
                ) : (
                  <span className="node-value muted">{displayText(n.value)}</span>
                )}
              </div>
            );
          })}
        </div>
        <label className="field-row">
          XPath
          <textarea value={xpath} onChange={(e) => setEdited(e.currentTarget.value)} rows={3} spellCheck={false} data-testid="custom-filter-xpath" />
        </label>
        {params.length > 4 && <p className="error-text">At most four parameters ({'{0}'}–{'{3}'}).</p>}
        <label className="field-row">
          Name <input value={name} onChange={(e) => setName(e.currentTarget.value)} data-testid="custom-filter-name" />
        </label>
        <label className="field-row">
          Description <input value={description} onChange={(e) => setDescription(e.currentTarget.value)} data-testid="custom-filter-description" />
        </label>
        <div className="modal-actions">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="button" disabled={!canSave} onClick={() => save(false)} data-testid="custom-filter-save">
            Save
          </button>
          <button type="button" className="primary" disabled={!canSave || params.length > 0} title={params.length ? 'Apply it from the Custom filters menu, where its parameters are asked for' : undefined} onClick={() => save(true)} data-testid="custom-filter-save-apply">
            Save and apply
          </button>
        </div>
      </div>
    </div>
  );
}
