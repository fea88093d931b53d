import { useState } from 'react';
import type { FileInfo } from '../../../shared/model';
import { getApi } from '../api';
import { useStore } from '../store';

const SOURCE: Record<NonNullable<FileInfo['fields']>['source'], string> = {
  guessed: 'guessed from the values',
  'field line': 'from a field line without "#Fields:"',
  yours: 'as you named them',
};

/**
 * In the files pane, for a log whose field names were not given by a #Fields directive: the names
 * (guessed, or from a prefix-less field line) and a way to correct them, in the #Fields syntax
 * (names separated by spaces). Applying reads the file again with those names.
 */
export function FieldsEditor({ file }: { file: FileInfo }) {
  const notify = useStore((s) => s.notify);
  const [text, setText] = useState<string | undefined>();
  const fields = file.fields;
  if (!fields) return null;
  const apply = (names: string[]) =>
    void getApi()
      .call('files.setFields', { fileId: file.id, fields: names })
      .then(() => setText(undefined))
      .catch((e: unknown) => notify(e instanceof Error ? e.message : String(e)));
  return (
    <div className="fields-editor small" data-testid="file-fields" data-source={fields.source}>
      <span className="muted">Fields {SOURCE[fields.source]}:</span>{' '}
      {text === undefined ? (
        <>
          <code data-testid="file-fields-names">{fields.names.join(' ')}</code>{' '}
          <button type="button" className="small-button" onClick={() => setText(fields.names.join(' '))} data-testid="file-fields-edit" aria-label={`Correct the field names of ${file.name}`}>
            Correct…
          </button>
          {fields.source === 'yours' && (
            <button type="button" className="small-button" onClick={() => apply([])} title="Forget your names and guess again">
              Guess again
            </button>
          )}
        </>
      ) : (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            const names = text.trim().split(/\s+/).filter(Boolean);
            if (names.length) apply(names);
          }}
        >
          <input type="text" value={text} onChange={(e) => setText(e.currentTarget.value)} aria-label={`Field names of ${file.name}, separated by spaces`} data-testid="file-fields-input" spellCheck={false} />
          <button type="submit" className="small-button" data-testid="file-fields-apply">
            Read again
          </button>
          <button type="button" className="small-button" onClick={() => setText(undefined)}>
            Cancel
          </button>
        </form>
      )}
    </div>
  );
}
