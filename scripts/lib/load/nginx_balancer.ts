import { type ChildProcess, spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureTools } from '../system_packages';

/** nginx in front of several diagis processes, run as a child of this process. */
export interface Balancer {
  url: string;
  /** The nginx.conf it runs, the same shape docs/operations.md recommends. */
  config: string;
  stop(): Promise<void>;
}

/**
 * The reverse-proxy configuration for diagis processes at `upstreams` (host:port):
 * least-connections balancing, keep-alive to the upstreams, the client address passed on
 * (run diagis with DIAGIS_TRUST_PROXY=true behind it), uploads up to 300 MB streamed
 * through. Only idempotent requests are retried on another process when one fails.
 */
export function nginxConfig(options: { prefix: string; port: number; upstreams: string[] }) {
  const temp = (name: string) => join(options.prefix, name);
  return `worker_processes 1;
pid ${temp('nginx.pid')};
error_log ${temp('error.log')} warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path ${temp('body')};
  proxy_temp_path ${temp('proxy')};
  fastcgi_temp_path ${temp('fastcgi')};
  uwsgi_temp_path ${temp('uwsgi')};
  scgi_temp_path ${temp('scgi')};
  upstream diagis {
    least_conn;
${options.upstreams.map((upstream) => `    server ${upstream} max_fails=0;`).join('\n')}
    keepalive 64;
  }
  server {
    listen 127.0.0.1:${options.port};
    client_max_body_size 300m;
    proxy_request_buffering off;
    location / {
      proxy_pass http://diagis;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $http_host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto $scheme;
      proxy_read_timeout 120s;
    }
  }
}
`;
}

/** Installs nginx when missing (as root), writes the configuration and starts it on `port`. */
export async function startBalancer(
  upstreams: string[],
  port: number,
  say: (message: string) => void,
): Promise<Balancer> {
  ensureTools([{ path: '/usr/sbin/nginx', debianPackage: 'nginx' }], 'The load benchmark', say);
  const prefix = mkdtempSync(join(tmpdir(), 'diagis-nginx-'));
  // nginx's workers drop root for nobody, who must be able to use the temp folders.
  chmodSync(prefix, 0o755);
  for (const name of ['body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) {
    mkdirSync(join(prefix, name), { mode: 0o777 });
    chmodSync(join(prefix, name), 0o777);
  }
  const config = nginxConfig({ prefix, port, upstreams });
  const file = join(prefix, 'nginx.conf');
  writeFileSync(file, config);
  const child: ChildProcess = spawn(
    '/usr/sbin/nginx',
    ['-p', prefix, '-c', file, '-g', 'daemon off;'],
    { stdio: ['ignore', 'inherit', 'inherit'] },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 10_000;
  for (;;) {
    const ok = await fetch(`${url}/health`).then(
      (response) => response.ok,
      () => false,
    );
    if (ok) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`nginx did not answer on ${url} (see ${join(prefix, 'error.log')})`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    url,
    config,
    stop: async () => {
      child.kill('SIGQUIT');
      await exited;
      rmSync(prefix, { recursive: true, force: true });
    },
  };
}
