/** Helpers for the content library tests: sessions with PATCH, DELETE and multipart uploads. */
import type { PartnerkitServer } from '../../server/index.js';
import { api, type Api } from './engagement-helpers.js';

export interface ContentApi extends Api {
  patch(path: string, body: unknown): Promise<Response>;
  del(path: string): Promise<Response>;
  /** multipart/form-data with a `metadata` part (JSON) and, when given, a `file` part. */
  upload(method: 'POST' | 'PATCH', path: string, metadata: unknown, file?: { bytes: Uint8Array | string; name: string; type: string }): Promise<Response>;
}

export async function contentApi(srv: PartnerkitServer, userId: string, partnerId: string | null): Promise<ContentApi> {
  const a = await api(srv, userId, partnerId);
  const auth = { authorization: `Bearer ${a.token}` };
  return {
    ...a,
    patch: async (path, body) => srv.app.request(path, { method: 'PATCH', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify(body) }),
    del: async (path) => srv.app.request(path, { method: 'DELETE', headers: auth }),
    upload: async (method, path, metadata, file) => {
      const form = new FormData();
      form.append('metadata', typeof metadata === 'string' ? metadata : JSON.stringify(metadata));
      if (file) form.append('file', new Blob([file.bytes as BlobPart], { type: file.type }), file.name);
      return srv.app.request(path, { method, headers: auth, body: form });
    },
  };
}
