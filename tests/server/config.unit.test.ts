import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, redactUrl } from '../../server/config';

describe('configuration', () => {
  it('has working defaults: port 8080 on 127.0.0.1, the embedded database, demo data', () => {
    const { config, unknownKeys } = loadConfig({});
    expect(config.port).toBe(8080);
    expect(config.host).toBe('127.0.0.1');
    expect(config.databaseUrl).toBeUndefined();
    expect(config.demo).toEqual({ enabled: true, parcels: 50_000, password: 'diagis-demo' });
    expect(unknownKeys).toEqual([]);
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('takes PORT, HOST and DATABASE_URL from the environment', () => {
    const { config } = loadConfig({
      PORT: '9090',
      HOST: '0.0.0.0',
      DATABASE_URL: 'postgres://u:p@db:5432/gis',
    });
    expect(config).toMatchObject({
      port: 9090,
      host: '0.0.0.0',
      databaseUrl: 'postgres://u:p@db:5432/gis',
    });
  });

  it('names every bad key in one error', () => {
    expect(() => loadConfig({ PORT: 'eighty', DIAGIS_DEMO_PARCELS: '5' })).toThrow(ConfigError);
    expect(() => loadConfig({ PORT: 'eighty', DIAGIS_DEMO_PARCELS: '5' })).toThrow(
      /PORT: .*DIAGIS_DEMO_PARCELS: /,
    );
  });

  it('reports unknown DIAGIS_ variables (typos) and ignores everything else', () => {
    const { unknownKeys } = loadConfig({ DIAGIS_PROT: '1', HOME: '/root' });
    expect(unknownKeys).toEqual(['DIAGIS_PROT']);
  });

  it('hides the password of a connection string', () => {
    expect(redactUrl('postgres://diagis:s3cret@127.0.0.1:54329/diagis')).toBe(
      'postgres://diagis:***@127.0.0.1:54329/diagis',
    );
  });
});
