// Encryption at rest (AES-256-GCM) for the secrets the gateway must use itself — webhook signing
// secrets sign every delivery, so they cannot be stored as a one-way hash like tokens and keys.
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const VERSION = 'v1';

export class SecretBox {
  constructor(private readonly key: Buffer) {
    if (key.length !== 32) throw new Error('The secret encryption key must be 32 bytes.');
  }

  seal(plain: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return `${VERSION}:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64')}`;
  }

  open(sealed: string): string {
    const [version, payload] = sealed.split(':');
    if (version !== VERSION || !payload) throw new Error('Unknown sealed-secret format.');
    const raw = Buffer.from(payload, 'base64');
    const decipher = createDecipheriv('aes-256-gcm', this.key, raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
  }
}

/**
 * The key from SECRET_ENCRYPTION_KEY (base64 of 32 bytes) or, when it is unset, from a key file
 * created once beside the embedded database, or (`keyFile: null`, a database in memory) a key of
 * this process only, written nowhere. Every gateway process and the CLI of one deployment must
 * use the same key.
 */
export function loadSecretBox(options: { encodedKey?: string | undefined; keyFile: string | null }): SecretBox {
  if (options.encodedKey) return new SecretBox(Buffer.from(options.encodedKey, 'base64'));
  if (options.keyFile === null) return new SecretBox(randomBytes(32));
  if (!existsSync(options.keyFile)) {
    mkdirSync(dirname(options.keyFile), { recursive: true });
    writeFileSync(options.keyFile, randomBytes(32).toString('base64'), { flag: 'wx', mode: 0o600 });
  }
  chmodSync(options.keyFile, 0o600);
  return new SecretBox(Buffer.from(readFileSync(options.keyFile, 'utf8').trim(), 'base64'));
}
