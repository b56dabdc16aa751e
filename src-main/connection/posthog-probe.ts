import type { ProjectSummary } from '../../shared/contract';
import { createPostHogClient } from '../posthog/client';
import { projectSummary, testConnection, verifyProject, type DiagnoseOptions } from '../posthog/diagnose';
import { createPostHogHttp } from '../posthog/http';
import type { PostHogProbe } from './connection-service';

/** The connection service's view of PostHog, built on src-main/posthog. */
export function createPostHogProbe(options: DiagnoseOptions): PostHogProbe {
  return {
    async test(target) {
      const result = await testConnection(target, options);
      return { host: result.host, cloud: result.cloud, projects: result.projects, scopes: result.scopes.checked };
    },
    async verify(target) {
      const result = await verifyProject(target, options);
      return { project: result.project, scopes: result.scopes.checked };
    },
    async listProjects(target): Promise<ProjectSummary[]> {
      const http = createPostHogHttp({ baseUrl: target.host, apiKey: target.apiKey, caPem: target.caPem, timeoutMs: options.timeoutMs, fetch: options.fetch });
      try {
        const projects = await createPostHogClient(http).listProjects();
        return projects.map(projectSummary);
      } finally {
        await http.close();
      }
    },
  };
}
