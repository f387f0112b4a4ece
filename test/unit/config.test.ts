// Configuration is parsed once, with defaults, and bad values are named.
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';

describe('configuration', () => {
  it('has working defaults', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      PORT: 4000,
      HOST: '127.0.0.1',
      RATE_LIMIT_POINTS: 1000,
      RATE_LIMIT_WINDOW_SECONDS: 60,
      MAX_LIVE_TOKENS: 10,
      TRUST_PROXY: false,
    });
    expect(config.DATABASE_URL).toBeUndefined();
  });

  it('parses numbers and booleans', () => {
    expect(loadConfig({ PORT: '8080', TRUST_PROXY: 'true', DATABASE_URL: 'postgres://u@h/db' })).toMatchObject({
      PORT: 8080,
      TRUST_PROXY: true,
      DATABASE_URL: 'postgres://u@h/db',
    });
  });

  it('names every invalid variable', () => {
    expect(() => loadConfig({ PORT: 'eighty', RATE_LIMIT_POINTS: '0', DATABASE_URL: 'mysql://x', LOG_LEVEL: 'loud' })).toThrow(ConfigError);
    try {
      loadConfig({ PORT: 'eighty', RATE_LIMIT_POINTS: '0', DATABASE_URL: 'mysql://x' });
    } catch (error) {
      const message = (error as Error).message;
      for (const name of ['PORT', 'RATE_LIMIT_POINTS', 'DATABASE_URL']) expect(message).toContain(name);
    }
  });

  it('reads CORS_ORIGINS as *, none or a list of exact origins, and refuses anything else', () => {
    expect(loadConfig({}).CORS_ORIGINS).toBe('*');
    expect(loadConfig({ CORS_ORIGINS: 'none' }).CORS_ORIGINS).toEqual([]);
    expect(loadConfig({ CORS_ORIGINS: 'https://app.example.com, http://localhost:5173' }).CORS_ORIGINS).toEqual([
      'https://app.example.com',
      'http://localhost:5173',
    ]);
    for (const bad of ['app.example.com', 'https://app.example.com/', 'https://a.example,*', 'ftp://x.example']) {
      expect(() => loadConfig({ CORS_ORIGINS: bad }), bad).toThrow(/CORS_ORIGINS/);
    }
  });
});
