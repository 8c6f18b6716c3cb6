import { io } from 'socket.io-client';
import { startTestStack, type TestStack } from '../support/test-stack';

describe('socket hardening', () => {
  let stack: TestStack;
  let token: string;
  beforeAll(async () => {
    stack = await startTestStack({ env: { PUBLIC_BASE_URL: 'https://sms.example.org' } });
    token = (await stack.login('nurse@demo.test')).accessToken;
  });
  afterAll(() => stack.close());

  const connect = (extraHeaders: Record<string, string>) =>
    new Promise<string>((resolve) => {
      const socket = io(stack.url, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true, extraHeaders });
      socket.once('connect', () => {
        socket.disconnect();
        resolve('connected');
      });
      socket.once('connect_error', (error) => resolve(`refused: ${error.message}`));
    });

  it('refuses a browser from a foreign Origin, accepts our own origin and non-browser clients', async () => {
    expect(await connect({ origin: 'https://evil.example.com' })).toMatch(/^refused/);
    expect(await connect({ origin: 'https://sms.example.org' })).toBe('connected');
    expect(await connect({})).toBe('connected');
  });

  it('drops a client that sends a frame over 64 KB', async () => {
    const socket = await stack.connect(token);
    const disconnected = new Promise<string>((resolve) => socket.once('disconnect', (reason) => resolve(reason)));
    socket.emit('thread:watch', { patientId: 'x'.repeat(100_000) }, () => undefined);
    expect(await disconnected).toBe('transport close');
  });

  it('refuses expired and tampered tokens at the handshake', async () => {
    const [header, payload] = token.split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString());
    const tampered = `${header}.${Buffer.from(JSON.stringify({ ...claims, sub: '00000000-0000-0000-0000-000000000000' })).toString('base64url')}.${token.split('.')[2]}`;
    await expect(stack.connect(tampered)).rejects.toThrow(/Invalid or expired token/);
    const jwt = await import('@nestjs/jwt');
    const expired = new jwt.JwtService({ secret: 'test-secret-test-secret-test-secret-0123456789' }).sign({ sub: claims.sub }, { expiresIn: -10 });
    await expect(stack.connect(expired)).rejects.toThrow(/Invalid or expired token/);
    await expect(stack.connect('')).rejects.toThrow(/token/i);
  });
});
