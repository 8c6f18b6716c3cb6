import { Injectable } from '@nestjs/common';
import { hash, verify, Algorithm } from '@node-rs/argon2';

/** argon2id with the OWASP-recommended minimum parameters (19 MiB, 2 passes). */
@Injectable()
export class PasswordHasher {
  hash(plain: string): Promise<string> {
    return hash(plain, { algorithm: Algorithm.Argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 });
  }

  async verify(hashed: string, plain: string): Promise<boolean> {
    try {
      return await verify(hashed, plain);
    } catch {
      return false;
    }
  }
}
