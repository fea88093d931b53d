import { useState } from 'react';
import { displayText } from '../safeText';
import { useStore } from '../store';

/**
 * The toolbar's live follow controls: a "Following" indicator with Pause (or "Paused" with Resume),
 * and the "Follow folder…" dialog (also opened from the File menu): a folder path on the machine
 * TraceLens runs on, whose newest log opens now and whose new logs open as IIS starts them.
 */
export function FollowControls() {
  const follow = useStore((s) => s.follow);
  const setFollow = useStore((s) => s.setFollow);
  const dialog = useStore((s) => s.folderDialog);
  const followed = useStore((s) => s.files.some((f) => f.live));
  const title = follow.on
    ? `Files that grow are followed: new records appear as they are written${follow.folders.length ? `; new logs in ${follow.folders.map(displayText).join(', ')} are opened` : ''}. Pause to hold the views still.`
    : 'Following is paused: files that grow are marked in the files pane; Resume reads what was written.';
  return (
    <div className="menu-anchor follow-controls">
      <span className={`follow-state ${follow.on ? 'on' : 'paused'}${followed ? ' active' : ''}`} data-testid="follow-state" title={title}>
        {follow.on ? '● Following' : '❚❚ Paused'}
      </span>
      <button type="button" onClick={() => setFollow(!follow.on)} data-testid="follow-toggle" title={follow.on ? 'Pause following growing files' : 'Resume following growing files'}>
        {follow.on ? 'Pause' : 'Resume'}
      </button>
      {dialog && <FolderDialog />}
    </div>
  );
}

function FolderDialog() {
  const followFolder = useStore((s) => s.followFolder);
  const close = () => useStore.setState({ folderDialog: false });
  const [path, setPath] = useState('');
  const submit = async () => {
    if (path.trim() && (await followFolder(path.trim()))) close();
  };
  return (
    <form
      className="menu folder-dialog"
      role="dialog"
      aria-label="Follow folder"
      data-testid="follow-folder-dialog"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
      onKeyDown={(e) => e.key === 'Escape' && close()}
    >
      <label className="small">
        Folder to follow (full path, e.g. C:\inetpub\logs\LogFiles\W3SVC1):
        <input autoFocus value={path} onChange={(e) => setPath(e.currentTarget.value)} data-testid="follow-folder-path" spellCheck={false} />
      </label>
      <p className="muted small">Its newest log opens now; each log that appears in it later opens as it appears.</p>
      <div className="dialog-buttons">
        <button type="submit" className="primary" data-testid="follow-folder-ok" disabled={!path.trim()}>
          Follow
        </button>
        <button type="button" onClick={close}>
          Cancel
        </button>
      </div>
    </form>
  );
}
