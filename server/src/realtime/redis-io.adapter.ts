import type { INestApplicationContext } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import { createAdapter } from '@socket.io/redis-adapter';
import { createClient } from 'redis';
import type { Server, ServerOptions } from 'socket.io';

type RedisClient = ReturnType<typeof createClient>;

/** Socket.IO over Redis pub/sub, so several server processes share rooms and broadcasts. */
export class RedisIoAdapter extends IoAdapter {
  private clients: RedisClient[] = [];
  private adapterConstructor: ReturnType<typeof createAdapter> | null = null;

  constructor(app: INestApplicationContext) {
    super(app);
  }

  async connect(url: string): Promise<void> {
    const publisher: RedisClient = createClient({ url });
    const subscriber: RedisClient = createClient({ url });
    this.clients = [publisher, subscriber];
    await Promise.all(this.clients.map((client) => client.connect()));
    this.adapterConstructor = createAdapter(publisher, subscriber);
  }

  override createIOServer(port: number, options?: ServerOptions): Server {
    const server = super.createIOServer(port, options) as Server;
    if (this.adapterConstructor) server.adapter(this.adapterConstructor);
    return server;
  }

  override async dispose(): Promise<void> {
    await super.dispose();
    await Promise.all(this.clients.splice(0).map((client) => client.quit().catch(() => undefined)));
  }
}
