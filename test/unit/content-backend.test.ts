/**
 * RestBackend's content methods against the real reference server over HTTP: every answer
 * validates against the contract's schemas (search, item, engagement report, share links), files
 * come back as Blobs fetched with the session token, uploads go as multipart, a locked file is a
 * PkApiError, and a retried event with one idempotency key counts once.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, type RunningServer } from '../../server/index.js';
import { RestBackend } from '../../src/api/backend.js';
import { PkApiError } from '../../src/api/errors.js';
import { SessionManager } from '../../src/api/session.js';
import { tinyPdf } from '../../server/content/demo-files.js';
import type { Role } from '../../src/contract/index.js';

let srv: RunningServer;
before(async () => {
  srv = await startServer({ port: 0, host: '127.0.0.1', dataDir: ':memory:', secretKey: 'test-secret-key-123456' });
});
after(async () => {
  await srv?.close();
});

function backend(userId: string, partnerId: string | null, role: Role): RestBackend {
  return new RestBackend(
    srv.url,
    new SessionManager(async () => {
      const res = await fetch(`${srv.url}/v1/sessions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${srv.secretKey}`, 'content-type': 'application/json' },
        body: JSON.stringify({ userId, partnerId, role }),
      });
      return (await res.json()) as { token: string; expiresAt: string };
    }),
  );
}

describe('RestBackend: content', () => {
  test('search, one item, file as a Blob, locked file refused', async () => {
    const nw = backend('u_nw_rep', 'p_northwind', 'partner_user');
    const list = await nw.listContent({ q: 'pricing matrix', limit: 5 });
    assert.equal(list.items[0]?.id, 'ct_reseller_pricing_matrix');
    assert.ok(list.facets.type.length > 0);
    const item = await nw.getContent('ct_reseller_pricing_matrix');
    assert.equal(item.locked, null);
    const blob = await nw.downloadContent('ct_reseller_pricing_matrix');
    assert.equal(blob.type, 'application/pdf');
    assert.match(Buffer.from(await blob.arrayBuffer()).toString('latin1'), /^%PDF-/);

    const ta = backend('u_ta_rep', 'p_tailspin', 'partner_user');
    await assert.rejects(ta.downloadContent('ct_reseller_pricing_matrix'), (e: unknown) => e instanceof PkApiError && e.problem.status === 403);
  });

  test('events (idempotent with a key) and share links', async () => {
    const co = backend('u_co_rep', 'p_contoso', 'partner_user');
    for (let i = 0; i < 2; i++) {
      const e = await co.recordContentEvent('ct_datasheet_platform', 'view', { idempotencyKey: 'unit-view-1' });
      assert.equal(e.type, 'view');
    }
    const link = await co.createShareLink('ct_datasheet_platform', { expiresInDays: 3 });
    assert.equal((await fetch(link.url)).status, 200);
    assert.deepEqual((await co.listShareLinks('ct_datasheet_platform')).items.map((l) => [l.id, l.opens]), [[link.id, 1]]);
    await co.revokeShareLink('ct_datasheet_platform', link.id);
    assert.equal((await fetch(link.url)).status, 410);

    const cm = backend('u_cm', null, 'channel_manager');
    const report = await cm.getContentEngagement({ by: 'partner', contentId: 'ct_datasheet_platform' });
    const contoso = report.rows.find((r) => r.partner?.id === 'p_contoso')!;
    assert.deepEqual([contoso.views, contoso.shares, contoso.prospectOpens], [1, 1, 1]);
  });

  test('a channel manager uploads a file (multipart), edits and unpublishes', async () => {
    const cm = backend('u_cm', null, 'channel_manager');
    const pdf = tinyPdf('Unit upload');
    const item = await cm.publishContent({ title: 'Unit upload', type: 'datasheet' }, { file: new Blob([pdf as BlobPart], { type: 'application/pdf' }), fileName: 'unit.pdf' });
    assert.deepEqual(item.file, { name: 'unit.pdf', size: pdf.byteLength, mimeType: 'application/pdf' });
    assert.deepEqual(new Uint8Array(await (await cm.downloadContent(item.id)).arrayBuffer()), pdf);
    const edited = await cm.updateContent(item.id, { published: false, title: 'Unit upload (old)' });
    assert.deepEqual([edited.published, edited.title], [false, 'Unit upload (old)']);
    await assert.rejects(
      cm.publishContent({ title: 'Bad', type: 'play' }, { file: new Blob(['<html>'], { type: 'text/html' }), fileName: 'x.html' }),
      (e: unknown) => e instanceof PkApiError && e.problem.status === 415 && e.problem.errors?.[0]?.path === 'file',
    );
  });
});
