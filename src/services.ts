// The domain services, built once per gateway (or CLI run) from the configuration.
import type { Config } from './config.js';
import { ProjectService } from './modules/projects/project.service.js';
import { TokenService } from './modules/tokens/token.service.js';
import { WorkspaceService } from './modules/workspaces/workspace.service.js';

export interface Services {
  workspaces: WorkspaceService;
  tokens: TokenService;
  projects: ProjectService;
}

export function createServices(config: Pick<Config, 'MAX_LIVE_TOKENS' | 'MAX_PAGE_SIZE'>): Services {
  return {
    workspaces: new WorkspaceService(),
    tokens: new TokenService({ maxLiveTokens: config.MAX_LIVE_TOKENS, maxPageSize: config.MAX_PAGE_SIZE }),
    projects: new ProjectService({ maxPageSize: config.MAX_PAGE_SIZE }),
  };
}
