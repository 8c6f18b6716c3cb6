import { Logger, type INestApplicationContext } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import { createAdapter } from '@socket.io/redis-adapter';
import { createClient } from 'redis';
import type { Server, ServerOptions } from 'socket.io';
import { ConfigError } from '../config/env';

type RedisClient = ReturnType<typeof createClient>;

const CONNECT_TIMEOUT_MS = 5000;

/**
 * Socket.IO over Redis pub/sub, so several server processes share rooms, broadcasts and
 * `fetchSockets` (presence). Processes on the same database share one channel prefix
 * (`care-sms:<database name>`): replicas of one deployment meet, other deployments (and test
 * stacks) on the same Redis do not hear each other.
 */
export class RedisIoAdapter extends IoAdapter {
  private readonly logger = new Logger('RedisIoAdapter');
  private clients: RedisClient[] = [];
  private adapterConstructor: ReturnType<typeof createAdapter> | null = null;
  /** Set once the Socket.IO server exists: what to do when the subscriber is back after an outage. */
  private onSubscriberBack: (() => void) | null = null;

  constructor(app: INestApplicationContext) {
    super(app);
  }

  async connect(url: string, options: { databaseUrl: string | null }): Promise<void> {
    const publisher: RedisClient = createClient({ url, socket: { connectTimeout: CONNECT_TIMEOUT_MS } });
    const subscriber: RedisClient = publisher.duplicate();
    this.clients = [publisher, subscriber];
    for (const client of this.clients) {
      // Without a listener a lost connection would crash the process; the client reconnects by itself.
      client.on('error', (error: unknown) => this.logger.warn(`redis: ${error instanceof Error ? error.message : String(error)}`));
    }
    try {
      await withTimeout(Promise.all(this.clients.map((client) => client.connect())), CONNECT_TIMEOUT_MS * 2);
    } catch (error) {
      await this.closeClients();
      throw new ConfigError(`Invalid environment variable REDIS_URL: cannot connect to ${describe(url)} (${error instanceof Error ? error.message : String(error)})`);
    }
    this.adapterConstructor = createAdapter(publisher, subscriber, { key: channelPrefix(options.databaseUrl) });
    // Pub/sub keeps nothing for a subscriber that is away: what other processes published while it
    // was reconnecting never reaches this process's sockets, and their clients, still connected,
    // would not know to `sync`. So once it is back (resubscribed: node-redis does that before
    // 'ready'), those sockets are closed; clients reconnect and catch up from the event log.
    let lost = false;
    subscriber.on('reconnecting', () => (lost = true));
    subscriber.on('ready', () => {
      if (!lost) return;
      lost = false;
      this.onSubscriberBack?.();
    });
  }

  override createIOServer(port: number, options?: ServerOptions): Server {
    const server = super.createIOServer(port, options) as Server;
    if (this.adapterConstructor) {
      server.adapter(this.adapterConstructor);
      this.onSubscriberBack = () => {
        this.logger.warn('redis: back after an outage; closing this process’s sockets so their clients reconnect and sync');
        // `local`: only this process's sockets (the others do the same when their subscriber is back).
        server.local.disconnectSockets(true);
      };
    }
    return server;
  }

  override async dispose(): Promise<void> {
    await super.dispose();
    await this.closeClients();
  }

  private async closeClients(): Promise<void> {
    await Promise.all(
      this.clients.splice(0).map(async (client) => {
        if (client.isReady) await client.quit().catch(() => client.destroy());
        else client.destroy();
      }),
    );
  }
}

/** `care-sms:<database name>`: the processes of one deployment share a database, hence a prefix. */
export function channelPrefix(databaseUrl: string | null): string {
  if (!databaseUrl) return 'care-sms';
  try {
    const name = decodeURIComponent(new URL(databaseUrl).pathname.replace(/^\//, ''));
    return name ? `care-sms:${name}` : 'care-sms';
  } catch {
    return 'care-sms';
  }
}

function describe(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}:${parsed.port || 6379}`;
  } catch {
    return 'the given address';
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
