// A fake GitHub REST API on 127.0.0.1 for the deployments endpoints: it records every request
// and answers as GitHub does (201 with the created deployment or status), unless a test
// scripts another answer.
import {
  createServer,
  type IncomingHttpHeaders,
  type Server,
  type ServerResponse
} from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: unknown;
}

/** A scripted answer; `hang: true` never answers (the client's timeout must end it). */
export interface ScriptedAnswer {
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
  hang?: boolean;
}

export type Route = 'createDeployment' | 'createStatus';

export interface FakeGitHubApi {
  readonly url: string;
  readonly requests: RecordedRequest[];
  /** Answers for the next requests to a route, first in first out; the default after that. */
  script(route: Route, ...answers: ScriptedAnswer[]): void;
  reset(): void;
  close(): Promise<void>;
}

export const DEPLOYMENT_ID = 42;

export async function startFakeGitHubApi(): Promise<FakeGitHubApi> {
  const requests: RecordedRequest[] = [];
  const scripts: Record<Route, ScriptedAnswer[]> = { createDeployment: [], createStatus: [] };
  let statusIds = 1000;

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      let body: unknown = text;
      try {
        body = text ? JSON.parse(text) : undefined;
      } catch {
        // keep the raw text
      }
      const path = req.url ?? '/';
      requests.push({ method: req.method ?? '', path, headers: req.headers, body });

      const deployments = /^\/repos\/([^/]+)\/([^/]+)\/deployments$/.exec(path);
      const statuses = /^\/repos\/([^/]+)\/([^/]+)\/deployments\/(\d+)\/statuses$/.exec(path);
      const route: Route | undefined =
        req.method === 'POST' && deployments
          ? 'createDeployment'
          : req.method === 'POST' && statuses
            ? 'createStatus'
            : undefined;
      if (!route) {
        return send(res, 404, {
          message: 'Not Found',
          documentation_url: 'https://docs.github.com/rest'
        });
      }
      const scripted = scripts[route].shift();
      if (scripted?.hang) return; // no answer, ever
      if (scripted) return send(res, scripted.status ?? 200, scripted.body, scripted.headers);

      const fields = (body ?? {}) as Record<string, unknown>;
      if (route === 'createDeployment') {
        return send(res, 201, {
          id: DEPLOYMENT_ID,
          url: `http://127.0.0.1/repos/${deployments?.[1]}/${deployments?.[2]}/deployments/${DEPLOYMENT_ID}`,
          sha: fields.ref,
          ref: fields.ref,
          task: fields.task ?? 'deploy',
          environment: fields.environment ?? 'production',
          description: fields.description ?? null,
          created_at: new Date().toISOString()
        });
      }
      return send(res, 201, {
        id: ++statusIds,
        state: fields.state,
        description: fields.description ?? '',
        environment_url: fields.environment_url ?? '',
        log_url: fields.log_url ?? '',
        created_at: new Date().toISOString()
      });
    });
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    script(route, ...answers) {
      scripts[route].push(...answers);
    },
    reset() {
      requests.length = 0;
      scripts.createDeployment.length = 0;
      scripts.createStatus.length = 0;
    },
    close: () =>
      new Promise<void>(resolve => {
        server.closeAllConnections();
        server.close(() => resolve());
      })
  };
}

function send(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {}
): void {
  const text = body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'x-github-media-type': 'github.v3; format=json',
    ...headers
  });
  res.end(text);
}
