/** App state (zustand): the files, their load progress, the record count, the selection, notices. */
import { create } from 'zustand';
import type { AppInfo } from '../../shared/contract';
import type { FollowState } from '../../shared/channels/follow';
import type { FileInfo, LoadProgress } from '../../shared/model';
import { getApi } from './api';
import { resetZoomWhenWindowClears } from './iisStore';
import { useView } from './viewStore';
// workspace.ts imports this store too: both only use each other inside functions, so the cycle is safe.
import { isWorkspaceFile, openWorkspaceFiles } from './workspace';

export interface Upload {
  name: string;
  sent: number;
  total: number;
}

export interface Selection {
  fileId: string;
  index: number;
  /** Position in the merged list, to keep the row highlighted. */
  position: number;
}

interface State {
  appInfo?: AppInfo;
  files: FileInfo[];
  progress: Record<string, LoadProgress>;
  uploads: Record<string, Upload>;
  uploadAborts: (() => void)[];
  recordTotal: number;
  /** Bumped whenever the set of loaded records changes, so cached pages are dropped. */
  recordsVersion: number;
  selection?: Selection;
  /** Live follow: on (files are read as they grow) or paused, and the folders followed. */
  follow: FollowState;
  /** The "Follow folder…" dialog is open. */
  folderDialog: boolean;
  notices: string[];
  disconnected?: string;
  select(sel: Selection | undefined): void;
  notify(message: string): void;
  dismissNotice(i: number): void;
  addLocalFiles(files: readonly File[]): Promise<void>;
  cancelAll(): void;
  /** Cancels one file's load; says so when the load finished before the cancel reached the main side. */
  cancelFile(file: FileInfo): void;
  /** Pauses or resumes following growing files. */
  setFollow(on: boolean): void;
  /** Follows a folder (full path) for new logs; a refusal becomes a notice. */
  followFolder(path: string): Promise<boolean>;
}

export const useStore = create<State>((set, get) => ({
  files: [],
  progress: {},
  uploads: {},
  uploadAborts: [],
  recordTotal: 0,
  recordsVersion: 0,
  notices: [],
  follow: { on: true, folders: [] },
  folderDialog: false,
  select: (selection) => set({ selection }),
  setFollow(on) {
    set((s) => ({ follow: { ...s.follow, on } }));
    getApi()
      .call('follow.set', { on })
      .then((follow) => set({ follow }))
      .catch((e: unknown) => get().notify(e instanceof Error ? e.message : String(e)));
  },
  async followFolder(path) {
    try {
      set({ follow: await getApi().call('follow.folder', { path }) });
      return true;
    } catch (e) {
      get().notify(e instanceof Error ? e.message : String(e));
      return false;
    }
  },
  notify: (message) => set((s) => ({ notices: [...s.notices, message].slice(-5) })),
  dismissNotice: (i) => set((s) => ({ notices: s.notices.filter((_, j) => j !== i) })),
  async addLocalFiles(all) {
    // Workspaces and STV projects open their files and restore their view; the rest are logs.
    const workspaces = all.filter((f) => isWorkspaceFile(f.name));
    if (workspaces.length) await openWorkspaceFiles(workspaces);
    const files = all.filter((f) => !isWorkspaceFile(f.name));
    if (files.length === 0) return;
    try {
      await getApi().addLocalFiles(files, {
        onUploadProgress: (name, sent, total) => set((s) => ({ uploads: { ...s.uploads, [name]: { name, sent, total } } })),
        registerAbort: (abort) => set((s) => ({ uploadAborts: [...s.uploadAborts, abort] })),
      });
    } catch (e) {
      if (!(e instanceof DOMException && e.name === 'AbortError')) get().notify(e instanceof Error ? e.message : String(e));
    } finally {
      set((s) => {
        const uploads = { ...s.uploads };
        for (const f of files) delete uploads[f.name];
        return { uploads, uploadAborts: Object.keys(uploads).length ? s.uploadAborts : [] };
      });
    }
  },
  cancelAll() {
    const { files, uploadAborts } = get();
    for (const abort of uploadAborts) abort();
    for (const f of files) if (f.state === 'loading' || f.state === 'queued') get().cancelFile(f);
  },
  cancelFile(file) {
    getApi()
      .call('files.cancel', { fileId: file.id })
      .then((r) => {
        if (!r.cancelled) get().notify(`${file.name} finished loading before the cancel reached it; remove it from the files pane if you do not want it.`);
      })
      .catch(() => undefined);
  },
}));

/** Files given by a real path (not browser uploads) go to the recent list once they load. */
function rememberRecent(prev: FileInfo[], files: FileInfo[]): void {
  const wasLoaded = new Set(prev.filter((f) => f.state === 'loaded').map((f) => f.id));
  const fresh = files.filter((f) => f.state === 'loaded' && !wasLoaded.has(f.id) && /^(\/|[A-Za-z]:[\\/])/.test(f.path)).map((f) => f.path);
  if (fresh.length === 0) return;
  // Merged main-side: workspaces opened and the desktop menu add to the same list.
  void getApi()
    .call('settings.addRecent', { paths: fresh.slice(0, 20) })
    .then((st) => useView.setState({ recentFiles: st.recentFiles ?? [] }))
    .catch(() => undefined);
}

/**
 * Least time between two refreshes of the views for files that grew (live follow, partial loads).
 * A refresh also waits until the host answered the previous one's requests (see growthSeen), so a
 * busy host is asked less often instead of being queued up.
 */
const GROWTH_GAP_MS = 150;

/** Wires the API's push events and first queries into the store; call once at start. */
export async function connectStore(): Promise<void> {
  const api = getApi();
  resetZoomWhenWindowClears();
  // The merged list changes when a file finishes, goes away, or (large files) shows more of itself.
  const refreshTotal = async () => {
    const page = await api.call('records.page', { offset: 0, limit: 1 });
    useStore.setState((s) => ({ recordTotal: page.total, recordsVersion: s.recordsVersion + 1 }));
  };
  // Every view asks its pages and counts again when the data changed (dataVersion). Files that only
  // grew (each may report several times a second) are told together, at most every GROWTH_GAP_MS
  // and never while the host is still answering the previous refresh: the total's answer comes
  // after the views' requests (one socket, answered in order), so it says the host caught up.
  let growthTimer: ReturnType<typeof setTimeout> | undefined;
  let lastChange = 0;
  let inFlight = false;
  let grewMeanwhile = false;
  const viewsChanged = (reset: Partial<ReturnType<typeof useView.getState>>) => {
    clearTimeout(growthTimer);
    growthTimer = undefined;
    lastChange = Date.now();
    useView.setState((v) => ({ dataVersion: v.dataVersion + 1, ...reset }));
    inFlight = true;
    // After the views' effects sent their requests (they run on this state change), then the total.
    setTimeout(() => {
      refreshTotal()
        .catch(() => undefined)
        .finally(() => {
          inFlight = false;
          if (grewMeanwhile) growthSeen();
        });
    }, 0);
  };
  const growthSeen = () => {
    grewMeanwhile = inFlight;
    if (inFlight) return;
    growthTimer ??= setTimeout(() => viewsChanged({}), Math.max(0, lastChange + GROWTH_GAP_MS - Date.now()));
  };
  api.onDisconnect((reason) => useStore.setState({ disconnected: reason }));
  api.on('load.progress', (p) => useStore.setState((s) => ({ progress: { ...s.progress, [p.fileId]: p } })));
  // Live follow: only the grown files' infos come; every view asks its counts and visible pages again.
  api.on('files.grew', ({ files: grown }) => {
    const byId = new Map(grown.map((f) => [f.id, f]));
    useStore.setState((s) => ({ files: s.files.map((f) => byId.get(f.id) ?? f) }));
    growthSeen();
  });
  api.on('files.changed', ({ files }) => {
    const prev = useStore.getState().files;
    useStore.setState((s) => {
      const progress = { ...s.progress };
      for (const f of files) if (f.state !== 'loading') delete progress[f.id];
      const selection = s.selection && files.some((f) => f.id === s.selection!.fileId && f.state === 'loaded') ? s.selection : undefined;
      return { files, progress, selection };
    });
    const shown = (list: FileInfo[]) => list.filter((f) => f.state === 'loaded' || f.state === 'loading').map((f) => `${f.id}:${f.state}:${f.records}`).join(',');
    const states = (list: FileInfo[]) => list.map((f) => `${f.id}:${f.state}`).join(',');
    if (states(prev) !== states(files)) {
      const ids = (list: FileInfo[]) => list.map((f) => f.id).join(',');
      // Activity indexes belong to one main-side build: a different set of files renumbers them.
      viewsChanged(ids(prev) !== ids(files) ? { selected: [], current: undefined, history: [], historyAt: -1 } : {});
    } else if (shown(prev) !== shown(files)) growthSeen();
    rememberRecent(prev, files);
    // What following did to a file (truncated and read again, deleted) is said once, as a notice.
    const before = new Map(prev.map((f) => [f.id, f.note]));
    for (const f of files) if (f.note && f.note !== before.get(f.id)) useStore.getState().notify(`${f.name}: ${f.note}`);
  });
  // Following starts before the file list is asked, so the list already says which files are followed.
  const follow = await api.call('follow.state', {});
  const [appInfo, files] = await Promise.all([api.call('app.info', {}), api.call('files.list', {}), useView.getState().loadSettings()]);
  useStore.setState({ appInfo, files, follow });
  rememberRecent([], files);
  await refreshTotal();
}
