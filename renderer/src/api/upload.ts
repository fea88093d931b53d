/** Browser host only: streams a picked or dropped file to the host, with progress and abort. */
export interface UploadHandle {
  done: Promise<string>;
  abort(): void;
}

export function uploadFile(file: File, token: string, onProgress: (sent: number, total: number) => void): UploadHandle {
  const xhr = new XMLHttpRequest();
  const done = new Promise<string>((resolve, reject) => {
    xhr.open('POST', `/upload?token=${encodeURIComponent(token)}`);
    xhr.upload.onprogress = (e) => onProgress(e.loaded, e.lengthComputable ? e.total : file.size);
    xhr.onload = () => {
      let body: { uploadId?: string; error?: string } = {};
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        /* reported below */
      }
      if (xhr.status === 200 && body.uploadId) resolve(body.uploadId);
      else reject(new Error(body.error ?? `The host refused the upload (HTTP ${xhr.status}).`));
    };
    xhr.onerror = () => reject(new Error('The upload failed: the host could not be reached.'));
    xhr.onabort = () => reject(new DOMException('Upload cancelled', 'AbortError'));
    xhr.send(file);
  });
  return { done, abort: () => xhr.abort() };
}
