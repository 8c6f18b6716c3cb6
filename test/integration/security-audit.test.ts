import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';
import { Client } from 'pg';
import { startTestStack, type TestStack } from '../support/test-stack';

/** Who read or changed a patient's communication must stay on record: nobody can edit or delete it. */
describe('audit log is append-only', () => {
  let stack: TestStack;
  let client: Client;
  beforeAll(async () => {
    stack = await startTestStack();
    client = new Client({ connectionString: stack.config.database.url! });
    await client.connect();
  });
  afterAll(async () => {
    await client.end();
    await stack.close();
  });

  it('records reads, and the database refuses to update or delete a row', async () => {
    const { accessToken } = await stack.login('nurse@demo.test');
    const maria = (await stack.request('GET', '/api/patients?search=Maria', { token: accessToken })).body.items[0];
    expect((await stack.request('GET', `/api/patients/${maria.id}/messages`, { token: accessToken })).status).toBe(200);
    const rows = await client.query(`select id, action from audit_log where patient_id = $1 and action = 'thread.read'`, [maria.id]);
    expect(rows.rowCount).toBeGreaterThanOrEqual(1);
    const id = rows.rows[0].id as string;

    await expect(client.query(`update audit_log set action = 'nothing' where id = $1`, [id])).rejects.toThrow(/append-only: UPDATE is not allowed/);
    await expect(client.query(`delete from audit_log where id = $1`, [id])).rejects.toThrow(/append-only: DELETE is not allowed/);
    expect((await client.query(`select action from audit_log where id = $1`, [id])).rows[0].action).toBe('thread.read');
  });

  it('offers no API route that changes or deletes audit entries', async () => {
    const discovery = stack.app.get(DiscoveryService);
    const scanner = stack.app.get(MetadataScanner);
    const writes: string[] = [];
    for (const wrapper of discovery.getControllers()) {
      const instance = wrapper.instance as object | undefined;
      if (!instance) continue;
      const base = String(Reflect.getMetadata(PATH_METADATA, instance.constructor) ?? '');
      for (const name of scanner.getAllMethodNames(Object.getPrototypeOf(instance))) {
        const handler = (instance as Record<string, unknown>)[name];
        if (typeof handler !== 'function') continue;
        const path = Reflect.getMetadata(PATH_METADATA, handler);
        const method = Reflect.getMetadata(METHOD_METADATA, handler);
        if (path === undefined || method === undefined) continue;
        const full = `/${base}/${String(path)}`.replace(/\/+/g, '/');
        if (method !== 0 && /audit/i.test(full)) writes.push(full);
      }
    }
    expect(writes).toEqual([]);
  });
});
