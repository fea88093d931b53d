/**
 * The fuzzer's loader process: loads each file it is sent with the real engine (loadFile, worker
 * threads included) and answers with what was read. Run apart from the driver, so that a crash or
 * a hang of the engine is seen as one (the process exits, or stops answering), not suffered.
 */
import { loadFile } from '../../electron/engine/load-file';

export interface FuzzRequest {
  id: number;
  path: string;
}

export interface FuzzAnswer {
  id: number;
  ok: boolean;
  format: string;
  records: number;
  /** The first problem, when the file failed (to tell an escaped exception from a refusal). */
  failure?: string;
  rssMb: number;
}

process.on('message', (req: FuzzRequest) => {
  void loadFile({ path: req.path, fileId: 'fuzz', signal: new AbortController().signal, onProgress: () => undefined }).then((o) => {
    const answer: FuzzAnswer = {
      id: req.id,
      ok: o.ok,
      format: o.format,
      records: o.ok ? o.file.recordCount : 0,
      failure: o.ok ? undefined : o.problem.message,
      rssMb: Math.round(process.memoryUsage().rss / 1048576),
    };
    process.send!(answer);
  });
});
process.send!({ id: -1, ok: true, format: 'ready', records: 0, rssMb: 0 });
