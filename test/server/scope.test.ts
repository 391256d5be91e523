import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { PartnerkitServer } from '../../server/index.js';
import { sqlString, withScope } from '../../server/scope.js';
import { makeServer } from './helpers.js';

describe('withScope: the partner id as a SQL literal (one simple-protocol statement)', () => {
  let srv: PartnerkitServer;
  before(async () => {
    srv = await makeServer();
  });
  after(() => srv?.close());

  it('any partner id reaches pk.partner_id exactly as it is: quotes, backslashes and SQL in it stay text', async () => {
    for (const id of ["p_northwind", "o'brien", "back\\slash", "\\'); SELECT set_config('pk.all_partners', 'on', true); --", "x\\'y", 'ünïcødé 😀']) {
      const seen = await withScope(srv.db, { partnerId: id }, async (tx) => {
        const { rows } = await tx.query<{ id: string; all: string }>("SELECT current_setting('pk.partner_id') AS id, current_setting('pk.all_partners') AS all");
        return rows[0];
      });
      assert.deepEqual(seen, { id, all: 'off' }, id);
    }
  });

  it('refuses NUL, which no SQL string can hold', () => {
    assert.throws(() => sqlString('a\0b'), /NUL/);
    assert.equal(sqlString("it's"), "E'it''s'");
    assert.equal(sqlString('a\\b'), "E'a\\\\b'");
  });
});
