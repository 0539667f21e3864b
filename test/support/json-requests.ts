import type { Agent } from './admin-agent';

/**
 * A JSON request as the admin's client scripts send it (admin/editor.js): the body as JSON, the
 * CSRF token of the last page the agent saw in the x-csrf-token header (unless `csrf: false`).
 */
export function sendJson(agent: Agent, method: 'GET' | 'PUT' | 'POST' | 'DELETE', url: string, body?: unknown, options: { csrf?: boolean } = {}) {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (options.csrf !== false && method !== 'GET') headers['x-csrf-token'] = agent.csrf;
  if (body !== undefined) headers['content-type'] = 'application/json';
  return agent.request({ method, url, headers, ...(body !== undefined ? { payload: JSON.stringify(body) } : {}) });
}
