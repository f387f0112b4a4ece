// Secrets, ids and permission expansion: the pure parts of the request path.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeBase62, encodeBase62 } from '../../src/lib/base62.js';
import { decodeId, encodeId, newId } from '../../src/lib/ids.js';
import { displayPrefix, generateSecret, hasValidChecksum, hashSecret } from '../../src/lib/secrets.js';
import { ALL_PERMISSIONS, expandGrants, grantsBeyond, permissionsOfScope } from '../../src/modules/tokens/permissions.js';
import { secretBoxOf } from '../../src/services.js';

describe('secrets', () => {
  it('have the prefix, 30 random and 6 checksum base62 characters, matching the scanner regex', () => {
    for (let i = 0; i < 200; i++) {
      const secret = generateSecret('mgw_');
      expect(secret).toMatch(/^mgw_[A-Za-z0-9]{36}$/);
      expect(hasValidChecksum(secret, 'mgw_')).toBe(true);
    }
  });

  it('are unique', () => {
    const secrets = new Set(Array.from({ length: 1000 }, () => generateSecret('mgw_')));
    expect(secrets.size).toBe(1000);
  });

  it('fail the checksum on any single-character typo', () => {
    const secret = generateSecret('mgw_');
    for (let position = 4; position < secret.length; position++) {
      const replacement = secret[position] === 'a' ? 'b' : 'a';
      const typo = secret.slice(0, position) + replacement + secret.slice(position + 1);
      expect(hasValidChecksum(typo, 'mgw_')).toBe(false);
    }
  });

  it('fail on a wrong prefix, length or alphabet', () => {
    const secret = generateSecret('mgw_');
    expect(hasValidChecksum(secret, 'pk_')).toBe(false);
    expect(hasValidChecksum(secret.slice(0, -1), 'mgw_')).toBe(false);
    expect(hasValidChecksum(`${secret}a`, 'mgw_')).toBe(false);
    expect(hasValidChecksum(secret.replace(/.$/, '-'), 'mgw_')).toBe(false);
    expect(hasValidChecksum('', 'mgw_')).toBe(false);
  });

  it('are stored as SHA-256 hex and shown by a short prefix only', () => {
    const secret = generateSecret('mgw_');
    expect(hashSecret(secret)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashSecret(secret)).not.toContain(secret.slice(4));
    expect(displayPrefix(secret, 'mgw_')).toBe(secret.slice(0, 8));
  });
});

describe('base62', () => {
  /** The plain definition: one digit per division by 62. */
  function reference(value: bigint, width: number): string {
    let out = '';
    for (let rest = value; rest > 0n; rest /= 62n)
      out = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'[Number(rest % 62n)] + out;
    return out.padStart(width, '0');
  }

  it('encodes exactly as one division by 62 per digit would, at every chunk boundary', () => {
    const chunk = 62n ** 8n;
    const edges = [0n, 1n, 61n, 62n, chunk - 1n, chunk, chunk + 1n, chunk * chunk - 1n, chunk * chunk, 2n ** 128n - 1n];
    for (const value of edges) expect(encodeBase62(value, 22)).toBe(reference(value, 22));
    for (let i = 0; i < 2000; i++) {
      const value = BigInt(`0x${randomBytes(1 + (i % 16)).toString('hex')}`);
      expect(encodeBase62(value, 22)).toBe(reference(value, 22));
      expect(decodeBase62(encodeBase62(value, 22))).toBe(value);
    }
  });
});

describe('ids', () => {
  it('round-trip through the opaque, type-prefixed form', () => {
    const uuid = newId();
    const id = encodeId('Project', uuid);
    expect(id).toMatch(/^prj_[0-9A-Za-z]{22}$/);
    expect(decodeId(id)).toEqual({ type: 'Project', uuid });
    expect(encodeId('ManagementToken', uuid)).toMatch(/^tok_/);
    expect(encodeId('Workspace', uuid)).toMatch(/^ws_/);
  });

  it('are time-ordered, so the newest id sorts last', () => {
    const ids = Array.from({ length: 50 }, () => newId());
    expect([...ids].sort()).toEqual(ids);
  });

  it('reject anything the gateway could not have issued', () => {
    for (const bad of [
      '',
      'prj',
      'prj_',
      'xyz_0000000000000000000000',
      'prj_!!!!!!!!!!!!!!!!!!!!!!',
      'prj_zzzzzzzzzzzzzzzzzzzzzz',
      'prj_000000000000000000000',
    ]) {
      expect(decodeId(bad)).toBeUndefined();
    }
  });

  it('base62 round-trips', () => {
    for (const value of [0n, 1n, 61n, 62n, 2n ** 128n - 1n]) expect(decodeBase62(encodeBase62(value, 22))).toBe(value);
  });
});

describe('permissions', () => {
  it('expand read into every :read permission and write into every other', () => {
    expect(permissionsOfScope('read').every((p) => p.endsWith(':read'))).toBe(true);
    expect(permissionsOfScope('write').some((p) => p.endsWith(':read'))).toBe(false);
    expect(new Set([...permissionsOfScope('read'), ...permissionsOfScope('write')])).toEqual(new Set(ALL_PERMISSIONS));
    expect([...expandGrants(['read', 'projects:write'])]).toContain('projects:write');
    expect(expandGrants(['unknown:thing']).size).toBe(0);
  });

  it('find the grants beyond what a holder holds', () => {
    expect(grantsBeyond(['read'], ['projects:read', 'tokens:read'])).toEqual([]);
    expect(grantsBeyond(['read'], ['projects:write'])).toEqual(['projects:write']);
    expect(grantsBeyond(['projects:read', 'api_keys:read', 'webhooks:read', 'tokens:read', 'audit_log:read'], ['read'])).toEqual(['read']);
    expect(grantsBeyond(['read', 'write'], ['read', 'write', 'tokens:write'])).toEqual([]);
  });
});

describe('the secret box of a deployment without SECRET_ENCRYPTION_KEY', () => {
  it('keeps the key of an in-memory database in memory: no memory:.secret-key file in the working directory', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mgw-memory-key-'));
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      const box = secretBoxOf({ SECRET_ENCRYPTION_KEY: undefined, DATA_DIR: 'memory://', DATABASE_URL: undefined })();
      expect(box.open(box.seal('whsec_x'))).toBe('whsec_x');
      expect(readdirSync(dir)).toEqual([]);
    } finally {
      process.chdir(cwd);
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('writes the key file beside DATA_DIR otherwise', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mgw-file-key-'));
    try {
      secretBoxOf({ SECRET_ENCRYPTION_KEY: undefined, DATA_DIR: join(dir, 'pglite'), DATABASE_URL: undefined })();
      expect(readdirSync(dir)).toEqual(['pglite.secret-key']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses to invent a key for a PostgreSQL database with DATA_DIR=memory://', () => {
    const open = secretBoxOf({ SECRET_ENCRYPTION_KEY: undefined, DATA_DIR: 'memory://', DATABASE_URL: 'postgres://localhost/x' });
    expect(open).toThrow(/SECRET_ENCRYPTION_KEY must be set/);
  });
});
