// Many socket.io-client connections in this process (each its own WebSocket).
import { io } from 'socket.io-client';

/**
 * Opens `count` sockets to `url` with `auth.token`, at most `parallel` handshakes at a time.
 * `setup(socket, index)` runs before connecting (attach listeners there).
 */
export async function connectSockets(url, count, { token, parallel = 50, setup = () => undefined, options = {}, timeoutMs = 20_000 } = {}) {
  const sockets = new Array(count);
  let next = 0;
  const connectOne = (index) =>
    new Promise((resolve, reject) => {
      const socket = io(url, {
        auth: { token },
        transports: ['websocket'],
        forceNew: true,
        reconnection: false,
        timeout: timeoutMs,
        ...options,
      });
      sockets[index] = socket;
      setup(socket, index);
      const timer = setTimeout(() => reject(new Error(`socket ${index} did not connect in ${timeoutMs} ms`)), timeoutMs);
      socket.once('connect', () => {
        clearTimeout(timer);
        resolve();
      });
      socket.once('connect_error', (error) => {
        clearTimeout(timer);
        reject(new Error(`socket ${index} connect_error: ${error.message}`));
      });
    });
  const worker = async () => {
    while (next < count) await connectOne(next++);
  };
  await Promise.all(Array.from({ length: Math.min(parallel, count) }, worker));
  return sockets;
}

export function closeSockets(sockets) {
  for (const socket of sockets) socket?.disconnect();
}
